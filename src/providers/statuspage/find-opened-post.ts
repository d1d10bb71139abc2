import type { OpenedPost, OpenRequest } from '../opening.js';
import type { CallOptions } from '../provider.js';
import { heraldReferenceOf, type StatuspageIncident, timelineOf, toPost } from './mapping.js';

// Statuspage keeps the metadata Herald sent on the incident, so a create that may have landed is found by
// its submission reference, among the unresolved incidents and the newest ones (where scheduled maintenance
// is listed), rather than guessed from its title and text.

export interface StatuspageIncidentReader {
  /** Every unresolved incident, page after page. */
  listUnresolved(pageId: string, callOptions?: CallOptions): Promise<StatuspageIncident[]>;
  /** The newest incidents of any status, maintenance included. */
  listRecent(pageId: string, callOptions?: CallOptions): Promise<StatuspageIncident[]>;
}

export async function findOpenedStatuspagePost(
  reader: StatuspageIncidentReader,
  open: OpenRequest,
  callOptions?: CallOptions,
): Promise<OpenedPost | null> {
  const isOurs = (incident: StatuspageIncident) => heraldReferenceOf(incident) === open.reference;
  const found =
    (await reader.listRecent(open.pageId, callOptions)).find(isOurs) ??
    (await reader.listUnresolved(open.pageId, callOptions)).find(isOurs);
  if (!found) return null;
  const first = timelineOf(found).at(-1);
  if (!first) return null;
  return { post: toPost(found), entry: first, awaitingPublish: false };
}
