import { ProviderError } from '../provider-error.js';
import type { CallOptions } from '../provider.js';
import { type DevHelmIncident, itemSchemas, parseListPage } from './mapping.js';
import type { DevHelmRequest } from './open-post.js';
import { type DevHelmResource, pagePath } from './post-ids.js';

// Whether a page's server has DevHelm's maintenance resource (newer releases) is learnt from the server
// itself, once a page: a list or a create there that answers 404 says no, any answer says yes. A server
// does not lose the resource, so the answer is kept for the provider's life.

const NEWEST_PAGE_SIZE = 100;

export interface MaintenanceResource {
  has(pageId: string, callOptions?: CallOptions): Promise<boolean>;
  note(pageId: string, has: boolean): void;
  /** Every window of the page; none where the server has no such resource. */
  listAll(pageId: string): Promise<DevHelmIncident[]>;
  /** The page's newest windows, as a create that may have landed would be among them. */
  recent(pageId: string, callOptions?: CallOptions): Promise<DevHelmIncident[]>;
}

export function createMaintenanceResource(
  request: DevHelmRequest,
  listEveryWindow: (pageId: string) => Promise<DevHelmIncident[]>,
): MaintenanceResource {
  const known = new Map<string, boolean>();

  async function whereItExists<T>(pageId: string, call: () => Promise<T>, none: T): Promise<T> {
    if (known.get(pageId) === false) return none;
    try {
      const answer = await call();
      known.set(pageId, true);
      return answer;
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'not_found') throw error;
      known.set(pageId, false);
      return none;
    }
  }

  return {
    async has(pageId, callOptions) {
      const cached = known.get(pageId);
      if (cached !== undefined) return cached;
      const probe = async () => {
        await request({
          method: 'GET',
          path: pagePath(pageId, 'maintenance'),
          query: { page: 0, size: 1 },
          onExchange: callOptions?.onExchange,
        });
        return true;
      };
      return whereItExists(pageId, probe, false);
    },
    note: (pageId, has) => {
      known.set(pageId, has);
    },
    listAll: (pageId) => whereItExists(pageId, () => listEveryWindow(pageId), []),
    recent: (pageId, callOptions) => whereItExists(pageId, () => newestPosts(request, pageId, 'maintenance', callOptions), []),
  };
}

/** The newest page of incidents or windows. */
export async function newestPosts(
  request: DevHelmRequest,
  pageId: string,
  resource: DevHelmResource,
  callOptions?: CallOptions,
): Promise<DevHelmIncident[]> {
  const response = await request({
    method: 'GET',
    path: pagePath(pageId, resource),
    query: { page: 0, size: NEWEST_PAGE_SIZE },
    onExchange: callOptions?.onExchange,
  });
  return parseListPage(response.body, itemSchemas.incident, resource).items;
}
