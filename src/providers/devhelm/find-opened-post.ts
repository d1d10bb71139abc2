import type { OpenedPost, OpenRequest } from '../opening.js';
import type { CallOptions } from '../provider.js';
import { type DevHelmIncident, newestFirst, toTimelineEntry } from './mapping.js';
import { toOpened } from './open-post.js';
import type { DevHelmResource } from './post-ids.js';

// DevHelm keeps nothing of Herald's on a post, so a create that may have landed is recognised by what it
// carried: the same title and kind, created within ten minutes of the send, whose first update holds the
// same message. Incidents and (where the server has them) maintenance windows are both looked at. Of the posts
// that match, the one created nearest the send is this send's: two responders may open the same post minutes
// apart, and neither may take the other's for its own.

export const OPENED_WITHIN_MS = 10 * 60 * 1000;

export interface DevHelmRecentPosts {
  /** The page's newest incidents, any status, drafts included. */
  recentIncidents(pageId: string, callOptions?: CallOptions): Promise<DevHelmIncident[]>;
  /** The page's newest maintenance windows; none where the server has no such resource. */
  recentWindows(pageId: string, callOptions?: CallOptions): Promise<DevHelmIncident[]>;
}

export async function findOpenedDevHelmPost(
  reader: DevHelmRecentPosts,
  open: OpenRequest,
  body: string,
  sentAt: Date,
  callOptions?: CallOptions,
): Promise<OpenedPost | null> {
  const incidents = (await reader.recentIncidents(open.pageId, callOptions)).map((incident) => ({
    resource: 'incidents' as DevHelmResource,
    incident,
  }));
  const windows =
    open.kind === 'maintenance'
      ? (await reader.recentWindows(open.pageId, callOptions)).map((incident) => ({ resource: 'maintenance' as DevHelmResource, incident }))
      : [];
  let nearest: { found: OpenedPost; distanceMs: number } | null = null;
  for (const { resource, incident } of [...windows, ...incidents]) {
    const kind = resource === 'maintenance' || incident.scheduled ? 'maintenance' : 'incident';
    if (incident.title !== open.title || kind !== open.kind) continue;
    const first = newestFirst((incident.updates ?? []).map((update) => toTimelineEntry(update, incident.id))).at(-1);
    const distanceMs = Math.abs(Date.parse(incident.createdAt ?? first?.reportedAt ?? '') - sentAt.getTime());
    if (!(distanceMs <= OPENED_WITHIN_MS) || first?.message !== body) continue;
    if (nearest === null || distanceMs < nearest.distanceMs) {
      nearest = { found: toOpened(incident, resource, { body, status: first.statusId ?? open.statusId }), distanceMs };
    }
  }
  return nearest?.found ?? null;
}
