import type { ProviderRequest, ProviderResponse } from '../http.js';
import { ProviderError } from '../provider-error.js';
import type { CallOptions, CorrectionTarget, TimelineEntry } from '../provider.js';
import { BODY_MAX_LENGTH, parseIncidentUpdate, toTimelineEntry } from './mapping.js';

// A correction is `PATCH .../incidents/{incident}/incident_updates/{id}` with the new body: the incident's
// status and components are not part of it, so they stay as published. `deliver_notifications` is false:
// fixing a typo must not notify every subscriber a second time.

export async function correctStatuspageUpdate(
  request: (call: ProviderRequest) => Promise<ProviderResponse>,
  target: CorrectionTarget,
  body: string,
  callOptions?: CallOptions,
): Promise<TimelineEntry> {
  if (body.length > BODY_MAX_LENGTH) {
    const providerMessage = `The update is longer than Statuspage's ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters.`;
    throw new ProviderError(`Statuspage correction refused before sending: ${providerMessage}`, {
      provider: 'statuspage',
      kind: 'rejected',
      providerMessage,
    });
  }
  const [page, incident, entry] = [target.pageId, target.postId, target.entryId].map(encodeURIComponent);
  const response = await request({
    method: 'PATCH',
    path: `pages/${page}/incidents/${incident}/incident_updates/${entry}`,
    body: { incident_update: { body, deliver_notifications: false } },
    onExchange: callOptions?.onExchange,
  });
  const update = parseIncidentUpdate(response.body);
  // An answer that leaves the body out still means the page now shows the body sent.
  return toTimelineEntry({ ...update, body: update.body ?? body }, target.postId);
}
