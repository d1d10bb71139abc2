// DevHelm keeps posts in two resources: incidents (scheduled maintenance among them on servers that
// predate the split) and, on newer servers, maintenance windows. A window's post id carries its resource
// (`maintenance:<window id>`), so every later call (updates, timeline, publish, extend) reaches the right
// one from the id alone; an incident's post id is its plain id, as it always was.

export type DevHelmResource = 'incidents' | 'maintenance';

const WINDOW_PREFIX = 'maintenance:';

export interface DevHelmPostRef {
  resource: DevHelmResource;
  /** The id DevHelm gave it. */
  id: string;
}

export function toPostId(resource: DevHelmResource, id: string): string {
  return resource === 'maintenance' ? `${WINDOW_PREFIX}${id}` : id;
}

export function parsePostId(postId: string): DevHelmPostRef {
  return postId.startsWith(WINDOW_PREFIX)
    ? { resource: 'maintenance', id: postId.slice(WINDOW_PREFIX.length) }
    : { resource: 'incidents', id: postId };
}

export const pagePath = (pageId: string, list: string) => `api/v1/status-pages/${encodeURIComponent(pageId)}/${list}`;

/** `.../incidents/{id}` or `.../maintenance/{id}`. */
export function postPath(pageId: string, postId: string): string {
  const ref = parsePostId(postId);
  return `${pagePath(pageId, ref.resource)}/${encodeURIComponent(ref.id)}`;
}
