import type { z } from 'zod';
import { collectPages } from '../collect-pages.js';
import { createProviderHttp, type ProviderRequest, type ProviderResponse } from '../http.js';
import { ProviderError } from '../provider-error.js';
import type {
  CallOptions,
  ComponentImpact,
  Post,
  PostKind,
  PostOptions,
  Provider,
  PublishRequest,
  StatusPage,
  TimelineEntry,
} from '../provider.js';
import {
  DEVHELM_OPEN_STATUSES,
  affectedComponentsOf,
  componentStatusChoices,
  createdEntry,
  devHelmErrorMessage,
  devHelmRequestId,
  isComponentStatus,
  isDevHelmStatus,
  isSettableComponent,
  itemSchemas,
  newestFirst,
  parseIncident,
  parseListPage,
  impactChoices,
  statusChoices,
  toComponent,
  isOpenPost,
  toPost,
  toStatusPage,
  toTimelineEntry,
  type AffectedComponents,
  type DevHelmIncident,
} from './mapping.js';
import { createMaintenanceResource, newestPosts } from './maintenance-resource.js';
import { pagePath, parsePostId, postPath } from './post-ids.js';
import { extendDevHelmWindow, publishDevHelmDraft } from './drafts-and-windows.js';
import { findOpenedDevHelmPost } from './find-opened-post.js';
import { openDevHelmPost } from './open-post.js';
import type { OpeningCapabilities } from '../opening.js';

// DevHelm status pages (API v1). An update is posted to an incident with one of four fixed statuses and
// markdown text; its `affectedComponents` replaces the incident's list, or `null` keeps it. Herald sends
// null when the user changed no component, and otherwise the incident's list with the user's changes.

const PAGE_SIZE = 100;
/** DevHelm has one status vocabulary for incidents and maintenance; a window can resolve itself at its end. */
const OPENING: OpeningCapabilities = {
  titleMaxLength: 500,
  maintenanceStatuses: false,
  automaticStart: false,
  automaticCompletion: true,
  componentsToMaintenance: false,
};

export interface DevHelmProviderOptions {
  token: string;
  /** Default https://api.devhelm.io */
  baseUrl?: string | undefined;
  /** Sent as x-phelm-org-id only when set. */
  orgId?: string | undefined;
  /** Sent as x-phelm-workspace-id only when set. */
  workspaceId?: string | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  maxRetryWaitMs?: number | undefined;
  backoffMs?: number | undefined;
}

/** Markdown, as DevHelm stores and shows it: the message already is. */
export function renderDevHelmMessage(markdown: string): string {
  return markdown;
}

export function createDevHelmProvider(options: DevHelmProviderOptions): Provider {
  const baseUrl = options.baseUrl ?? 'https://api.devhelm.io';
  const http = createProviderHttp({
    provider: 'devhelm',
    providerName: 'DevHelm',
    baseUrl,
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(options.orgId ? { 'x-phelm-org-id': options.orgId } : {}),
      ...(options.workspaceId ? { 'x-phelm-workspace-id': options.workspaceId } : {}),
    },
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    maxRetryWaitMs: options.maxRetryWaitMs,
    backoffMs: options.backoffMs,
    providerMessage: devHelmErrorMessage,
    requestId: (headers, body) => devHelmRequestId(body) ?? single(headers['x-request-id']),
  });
  /** Incident id -> its affected components as last seen: an update that names any must list them all. */
  const affectedByIncident = new Map<string, AffectedComponents>();

  async function request(call: ProviderRequest): Promise<ProviderResponse> {
    try {
      return await http.request(call);
    } catch (error) {
      throw withRequestIdInMessage(error);
    }
  }

  async function listAll<T>(path: string, item: z.ZodType<T>, what: string, query: Record<string, readonly string[]> = {}) {
    return collectPages(async (page) => {
      const response = await request({ method: 'GET', path, query: { ...query, page, size: PAGE_SIZE } });
      return parseListPage(response.body, item, what);
    }).catch((error: unknown) => {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError(`DevHelm GET /${path}: the list never ended`, {
        provider: 'devhelm',
        kind: 'invalid_response',
        cause: error,
      });
    });
  }

  function remember(postId: string, incident: DevHelmIncident): void {
    if (incident.affectedComponents !== undefined) affectedByIncident.set(postId, affectedComponentsOf(incident));
  }

  /** An incident or a maintenance window, by its post id. */
  async function getIncident(pageId: string, postId: string, callOptions?: CallOptions): Promise<DevHelmIncident> {
    const response = await request({ method: 'GET', path: postPath(pageId, postId), onExchange: callOptions?.onExchange });
    const incident = parseIncident(response.body);
    remember(postId, incident);
    return incident;
  }

  async function listPages(): Promise<StatusPage[]> {
    const pages = await listAll('api/v1/status-pages', itemSchemas.statusPage, 'status pages');
    return pages.map((page) => toStatusPage(page, baseUrl));
  }

  const windows = createMaintenanceResource(request, (pageId) =>
    listAll(pagePath(pageId, 'maintenance'), itemSchemas.incident, 'maintenance windows'),
  );

  async function listOpenPosts(pageId: string): Promise<Post[]> {
    const incidents = await listAll(pagePath(pageId, 'incidents'), itemSchemas.incident, 'incidents', {
      status: DEVHELM_OPEN_STATUSES,
    });
    const open = incidents.filter((incident) => incident.status !== 'RESOLVED').map((incident) => toPost(incident));
    const openWindows = (await windows.listAll(pageId)).filter(isOpenPost).map((window) => toPost(window, 'maintenance'));
    return [...open, ...openWindows];
  }

  async function loadPostOptions(pageId: string, _kind: PostKind): Promise<PostOptions> {
    // Incidents and scheduled maintenance share one status vocabulary in DevHelm.
    const components = await listAll(pagePath(pageId, 'components'), itemSchemas.component, 'components');
    return {
      statuses: statusChoices(),
      severities: [],
      impacts: componentStatusChoices(),
      components: components.filter(isSettableComponent).map(toComponent),
    };
  }

  /** The incident's list with the user's changes applied; null when nothing changed, which keeps it. */
  async function affectedComponentsFor(request: PublishRequest, callOptions?: CallOptions) {
    if (request.impacts.length === 0) return null;
    const current =
      affectedByIncident.get(request.postId) ?? affectedComponentsOf(await getIncident(request.pageId, request.postId, callOptions));
    const merged = new Map<string, string>(current);
    for (const impact of request.impacts) merged.set(impact.componentId, checkedComponentStatus(impact));
    return [...merged].map(([componentId, status]) => ({ componentId, status }));
  }

  /** A window's update is `{body, status}` only: it takes no components and no notification switch. */
  async function updateBody(publish: PublishRequest, body: string, callOptions?: CallOptions) {
    if (parsePostId(publish.postId).resource === 'maintenance') {
      if (publish.impacts.length > 0) throw refused('A DevHelm maintenance window takes no component changes on its updates.');
      return { status: publish.statusId, body };
    }
    return {
      status: publish.statusId,
      body,
      notifySubscribers: publish.notifySubscribers,
      affectedComponents: await affectedComponentsFor(publish, callOptions),
    };
  }

  async function publishUpdate(publish: PublishRequest, callOptions?: CallOptions): Promise<TimelineEntry> {
    if (!isDevHelmStatus(publish.statusId)) throw refused(`"${publish.statusId}" is not a DevHelm incident status.`);
    const sent = await updateBody(publish, renderDevHelmMessage(publish.message), callOptions);
    const response = await request({
      method: 'POST',
      path: `${postPath(publish.pageId, publish.postId)}/updates`,
      body: sent,
      onExchange: callOptions?.onExchange,
    });
    const incident = parseIncident(response.body);
    remember(publish.postId, incident);
    return createdEntry(incident, sent, publish.postId);
  }

  async function listTimeline(pageId: string, postId: string, callOptions?: CallOptions): Promise<TimelineEntry[]> {
    const incident = await getIncident(pageId, postId, callOptions);
    return newestFirst((incident.updates ?? []).map((u) => toTimelineEntry(u, postId)));
  }

  async function loadOpenOptions(pageId: string, kind: PostKind): Promise<PostOptions> {
    // Maintenance takes the incident statuses; the impact a post opens with is its severity.
    return { ...(await loadPostOptions(pageId, kind)), severities: impactChoices() };
  }

  const recentIncidents = (pageId: string, callOptions?: CallOptions) => newestPosts(request, pageId, 'incidents', callOptions);
  const opening = { request, hasMaintenanceResource: windows.has, noteMaintenanceResource: windows.note };

  return {
    id: 'devhelm',
    name: 'DevHelm',
    capabilities: { severity: false, nextUpdate: false, reportedAt: false, componentsKeepUnlessChanged: true },
    listPages,
    listOpenPosts,
    loadPostOptions,
    publishUpdate,
    renderMessage: renderDevHelmMessage,
    listTimeline,
    opening: OPENING,
    loadOpenOptions,
    openPost: (open, callOptions) => openDevHelmPost(opening, open, renderDevHelmMessage(open.message), callOptions),
    findOpenedPost: (open, sentAt, callOptions) =>
      findOpenedDevHelmPost(
        { recentIncidents, recentWindows: windows.recent },
        open,
        renderDevHelmMessage(open.message),
        sentAt,
        callOptions,
      ),
    extendWindow: (pageId, post, endsAt, callOptions) => extendDevHelmWindow(request, pageId, post, endsAt, callOptions),
    publishDraft: (pageId, post, callOptions) => publishDevHelmDraft(request, pageId, post, callOptions),
  };
}

function checkedComponentStatus(impact: ComponentImpact): string {
  if (!isComponentStatus(impact.impactId)) throw refused(`"${impact.impactId}" is not a DevHelm component status.`);
  return impact.impactId;
}

/** A request the form should never have let through: refused here, before DevHelm sees it. */
function refused(providerMessage: string): ProviderError {
  return new ProviderError(`DevHelm update refused before sending: ${providerMessage}`, {
    provider: 'devhelm',
    kind: 'rejected',
    providerMessage,
  });
}

/**
 * DevHelm asks that its request id reach support tickets: it is put in the error's message too, so
 * every log line and every place that shows the message carries it.
 */
function withRequestIdInMessage(error: unknown): unknown {
  if (!(error instanceof ProviderError) || !error.requestId || error.message.includes(error.requestId)) return error;
  return new ProviderError(`${error.message} [request id ${error.requestId}]`, {
    provider: error.provider,
    kind: error.kind,
    status: error.status,
    providerMessage: error.providerMessage,
    requestId: error.requestId,
    cause: error.cause ?? error,
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
