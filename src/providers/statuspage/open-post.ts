import type { ProviderRequest, ProviderResponse } from '../http.js';
import type { OpenedPost, OpenRequest } from '../opening.js';
import { ProviderError } from '../provider-error.js';
import type { CallOptions } from '../provider.js';
import { BODY_MAX_LENGTH, createdEntry, IMPACT_OVERRIDES, isComponentStatus, isStatusFor, parseIncident, toPost } from './mapping.js';

// Opening is `POST /pages/{page_id}/incidents`: a maintenance status makes it a scheduled maintenance. The
// submission's reference goes into the incident's metadata, which is how a create that may have landed is
// recognised later (find-opened-post.ts). The window is always sent: the spec's defaults for it are
// placeholders from 2013.

export type StatuspageRequest = (call: ProviderRequest) => Promise<ProviderResponse>;

export function newIncidentBody(open: OpenRequest, body: string) {
  if (!isStatusFor(open.kind, open.statusId)) {
    throw refused(`"${open.statusId}" is not a Statuspage ${open.kind === 'maintenance' ? 'maintenance' : 'incident'} status.`);
  }
  if (open.severityId !== null && !(IMPACT_OVERRIDES as readonly string[]).includes(open.severityId)) {
    throw refused(`"${open.severityId}" is not a Statuspage impact.`);
  }
  if (body.length > BODY_MAX_LENGTH)
    throw refused(`The message is longer than Statuspage's ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters.`);
  for (const impact of open.impacts) {
    if (!isComponentStatus(impact.impactId)) throw refused(`"${impact.impactId}" is not a Statuspage component status.`);
  }
  const window = open.kind === 'maintenance' ? open.window : null;
  if (open.kind === 'maintenance' && !window) throw refused('A maintenance needs a start and an end.');
  return {
    incident: {
      name: open.title,
      status: open.statusId,
      body,
      ...(open.impacts.length > 0
        ? {
            components: Object.fromEntries(open.impacts.map((impact) => [impact.componentId, impact.impactId])),
            component_ids: open.impacts.map((impact) => impact.componentId),
          }
        : {}),
      ...(open.severityId === null ? {} : { impact_override: open.severityId }),
      deliver_notifications: open.notifySubscribers,
      metadata: { herald: { submission: open.reference } },
      ...(window
        ? {
            scheduled_for: window.startsAt.toISOString(),
            scheduled_until: window.endsAt.toISOString(),
            scheduled_auto_in_progress: window.startAutomatically,
            scheduled_auto_completed: window.completeAutomatically,
            auto_transition_to_maintenance_state: window.componentsToMaintenance,
            auto_transition_to_operational_state: window.componentsToMaintenance,
          }
        : {}),
    },
  };
}

export async function openStatuspagePost(
  request: StatuspageRequest,
  open: OpenRequest,
  body: string,
  callOptions?: CallOptions,
): Promise<OpenedPost> {
  const sent = newIncidentBody(open, body);
  const response = await request({
    method: 'POST',
    path: `pages/${encodeURIComponent(open.pageId)}/incidents`,
    body: sent,
    onExchange: callOptions?.onExchange,
  });
  const incident = parseIncident(response.body);
  return { post: toPost(incident), entry: createdEntry(incident, sent.incident), awaitingPublish: false };
}

/** A maintenance's end is the incident's `scheduled_until`. */
export async function extendStatuspageWindow(
  request: StatuspageRequest,
  pageId: string,
  postId: string,
  endsAt: Date,
  callOptions?: CallOptions,
): Promise<void> {
  await request({
    method: 'PATCH',
    path: `pages/${encodeURIComponent(pageId)}/incidents/${encodeURIComponent(postId)}`,
    body: { incident: { scheduled_until: endsAt.toISOString() } },
    onExchange: callOptions?.onExchange,
  });
}

function refused(providerMessage: string): ProviderError {
  return new ProviderError(`Statuspage create refused before sending: ${providerMessage}`, {
    provider: 'statuspage',
    kind: 'rejected',
    providerMessage,
  });
}
