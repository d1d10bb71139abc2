import type { ProviderRequest, ProviderResponse } from '../http.js';
import type { OpenedPost, OpenRequest } from '../opening.js';
import { ProviderError } from '../provider-error.js';
import type { CallOptions } from '../provider.js';
import {
  createdEntry,
  type DevHelmIncident,
  isComponentStatus,
  isDevHelmImpact,
  isDevHelmStatus,
  parseIncident,
  toPost,
} from './mapping.js';
import { type DevHelmResource, pagePath, toPostId } from './post-ids.js';

// Opening a post on DevHelm. An incident is `POST .../incidents`. A maintenance goes to the maintenance
// resource of newer servers (`POST .../maintenance`) and, where a page answers 404 for it, to `/incidents`
// with `scheduled: true` as older servers (the vendored contract) take it: `openDevHelmMaintenance` is the
// one place that knows both. A page in review mode answers with a draft (`publishedAt` null), made public
// by `publishDraft`.

export type DevHelmRequest = (call: ProviderRequest) => Promise<ProviderResponse>;

export interface DevHelmOpening {
  request: DevHelmRequest;
  /** Whether the page's server has the maintenance resource (a GET answers, or 404), learnt once a page. */
  hasMaintenanceResource(pageId: string, callOptions?: CallOptions): Promise<boolean>;
  /** What a create just learnt about the page's server. */
  noteMaintenanceResource(pageId: string, has: boolean): void;
}

/** `body` is the message as DevHelm stores it (renderMessage). */
export async function openDevHelmPost(
  deps: DevHelmOpening,
  open: OpenRequest,
  body: string,
  callOptions?: CallOptions,
): Promise<OpenedPost> {
  checkRequest(open);
  const created =
    open.kind === 'maintenance'
      ? await openDevHelmMaintenance(deps, open, body, callOptions)
      : {
          resource: 'incidents' as const,
          incident: await createOn(deps.request, open.pageId, 'incidents', incidentBody(open, body), callOptions),
        };
  return toOpened(created.incident, created.resource, { body, status: open.statusId });
}

/** The maintenance resource when the page has it; else a scheduled incident. */
export async function openDevHelmMaintenance(
  deps: DevHelmOpening,
  open: OpenRequest,
  body: string,
  callOptions?: CallOptions,
): Promise<{ resource: DevHelmResource; incident: DevHelmIncident }> {
  const window = open.window;
  if (!window) throw refused('A maintenance needs a start and an end.');
  // A window takes no components: where the page has windows, a maintenance naming components is refused
  // here rather than opened without them.
  const known = open.impacts.length > 0 ? await deps.hasMaintenanceResource(open.pageId, callOptions) : undefined;
  if (known === true) throw refused('A DevHelm maintenance window takes no components; open it without them.');
  if (known !== false) {
    try {
      const windowBody = {
        title: open.title,
        impact: impactOf(open),
        body,
        scheduledFor: window.startsAt.toISOString(),
        scheduledUntil: window.endsAt.toISOString(),
        status: open.statusId,
        autoResolve: window.completeAutomatically,
        notifySubscribers: open.notifySubscribers,
      };
      const incident = await createOn(deps.request, open.pageId, 'maintenance', windowBody, callOptions);
      deps.noteMaintenanceResource(open.pageId, true);
      return { resource: 'maintenance', incident };
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'not_found') throw error;
      deps.noteMaintenanceResource(open.pageId, false);
    }
  }
  const scheduled = {
    ...incidentBody(open, body),
    scheduled: true,
    scheduledFor: window.startsAt.toISOString(),
    scheduledUntil: window.endsAt.toISOString(),
    autoResolve: window.completeAutomatically,
  };
  return { resource: 'incidents', incident: await createOn(deps.request, open.pageId, 'incidents', scheduled, callOptions) };
}

export function toOpened(incident: DevHelmIncident, resource: DevHelmResource, sent: { body: string; status: string }): OpenedPost {
  const post = toPost(incident, resource);
  return {
    post,
    entry: createdEntry(incident, sent, toPostId(resource, incident.id)),
    awaitingPublish: incident.publishedAt === null,
  };
}

function incidentBody(open: OpenRequest, body: string) {
  return {
    title: open.title,
    impact: impactOf(open),
    body,
    status: open.statusId,
    affectedComponents:
      open.impacts.length === 0 ? null : open.impacts.map((impact) => ({ componentId: impact.componentId, status: impact.impactId })),
    notifySubscribers: open.notifySubscribers,
  };
}

async function createOn(
  request: DevHelmRequest,
  pageId: string,
  resource: DevHelmResource,
  body: object,
  callOptions?: CallOptions,
): Promise<DevHelmIncident> {
  const response = await request({ method: 'POST', path: pagePath(pageId, resource), body, onExchange: callOptions?.onExchange });
  return parseIncident(response.body);
}

/** DevHelm requires an impact on every new post: none chosen is NONE. */
function impactOf(open: OpenRequest): string {
  return open.severityId ?? 'NONE';
}

function checkRequest(open: OpenRequest): void {
  if (!isDevHelmStatus(open.statusId)) throw refused(`"${open.statusId}" is not a DevHelm incident status.`);
  if (open.severityId !== null && !isDevHelmImpact(open.severityId)) {
    throw refused(`"${open.severityId}" is not a DevHelm impact.`);
  }
  for (const impact of open.impacts) {
    if (!isComponentStatus(impact.impactId)) throw refused(`"${impact.impactId}" is not a DevHelm component status.`);
  }
}

export function refused(providerMessage: string): ProviderError {
  return new ProviderError(`DevHelm request refused before sending: ${providerMessage}`, {
    provider: 'devhelm',
    kind: 'rejected',
    providerMessage,
  });
}
