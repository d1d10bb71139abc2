import type { z } from 'zod';
import { markdownToPlainText } from '../../text/markdown-to-plain-text.js';
import { collectPages } from '../collect-pages.js';
import { createProviderHttp, type ProviderRequest, type ProviderResponse, type QueryValue } from '../http.js';
import { ProviderError } from '../provider-error.js';
import type {
  CallOptions,
  CorrectionTarget,
  Post,
  PostKind,
  PostOptions,
  Provider,
  PublishRequest,
  StatusPage,
  TimelineEntry,
} from '../provider.js';
import { correctStatuspageUpdate } from './correct-update.js';
import { findOpenedStatuspagePost } from './find-opened-post.js';
import { extendStatuspageWindow, openStatuspagePost } from './open-post.js';
import type { OpeningCapabilities } from '../opening.js';
import {
  BODY_MAX_LENGTH,
  componentIdsOf,
  componentStatusChoices,
  createdEntry,
  isComponentStatus,
  isOpen,
  isSettableComponent,
  impactOverrideChoices,
  isStatusFor,
  itemSchemas,
  kindOf,
  parseArrayPage,
  parseIncident,
  statusesFor,
  statuspageErrorMessage,
  timelineOf,
  toComponent,
  toPost,
  toStatusPage,
  type StatuspageIncident,
} from './mapping.js';
import { PROCESS_TURNS, type RequestTurns, turnKey } from '../request-turns.js';

// Atlassian Statuspage (API v1). An update is a PATCH of the incident: its new status and body, the
// component statuses it changes (`components`) and the components it affects (`component_ids`, the
// incident's whole list, so Herald sends the list it has plus the ones the user changed). Every request
// goes through the token's turns (request-turns.ts): Statuspage allows one request per second per token.

/** Statuspage's own cap, and what it pages by. */
const PAGE_SIZE = 100;
/** Active maintenance has no list of its own in the API Herald uses: it is found among the newest incidents. */
const RECENT_INCIDENTS = 100;
/** A scheduled maintenance can start and complete itself and set its components to maintenance meanwhile. */
const OPENING: OpeningCapabilities = {
  titleMaxLength: 255,
  maintenanceStatuses: true,
  automaticStart: true,
  automaticCompletion: true,
  componentsToMaintenance: true,
};

export interface StatuspageProviderOptions {
  token: string;
  /** Default https://api.statuspage.io/v1 */
  baseUrl?: string | undefined;
  /** Least time between two requests with this token; default 1000 ms (Statuspage's limit). */
  minIntervalMs?: number | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  maxRetryWaitMs?: number | undefined;
  backoffMs?: number | undefined;
  /** Where the token's turns are kept: every Herald process's on PostgreSQL, this process's by default. */
  turns?: RequestTurns | undefined;
}

/** The plain text Statuspage shows: formatting kept in words (links as "text (address)", list bullets). */
export function renderStatuspageMessage(markdown: string): string {
  return markdownToPlainText(markdown);
}

export function createStatuspageProvider(options: StatuspageProviderOptions): Provider {
  const baseUrl = options.baseUrl ?? 'https://api.statuspage.io/v1';
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const http = createProviderHttp({
    provider: 'statuspage',
    providerName: 'Statuspage',
    baseUrl,
    headers: { authorization: `OAuth ${options.token}` },
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    maxRetryWaitMs: options.maxRetryWaitMs,
    // A retry is a request too: it waits at least the rate limit's interval after the refused answer.
    backoffMs: Math.max(options.backoffMs ?? minIntervalMs, minIntervalMs),
    providerMessage: statuspageErrorMessage,
    requestId: (headers) => single(headers['x-request-id']),
  });
  const turns = options.turns ?? PROCESS_TURNS;
  const key = turnKey('statuspage', baseUrl, options.token);
  /** Incident id -> the components it affects, as last seen: `component_ids` must list them all. */
  const componentsByIncident = new Map<string, string[]>();

  function request(call: ProviderRequest): Promise<ProviderResponse> {
    return turns.exclusive(key, minIntervalMs, () => http.request(call));
  }

  async function listAll<T>(
    path: string,
    item: z.ZodType<T>,
    what: string,
    query: Record<string, QueryValue> = {},
    callOptions?: CallOptions,
  ) {
    return collectPages(async (pageIndex) => {
      const response = await request({
        method: 'GET',
        path,
        query: { ...query, page: pageIndex + 1, per_page: PAGE_SIZE },
        onExchange: callOptions?.onExchange,
      });
      return parseArrayPage(response.body, item, PAGE_SIZE, what);
    }).catch((error: unknown) => {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError(`Statuspage GET /${path}: the list never ended`, {
        provider: 'statuspage',
        kind: 'invalid_response',
        cause: error,
      });
    });
  }

  function remember(incident: StatuspageIncident): void {
    if (incident.components) componentsByIncident.set(incident.id, componentIdsOf(incident));
  }

  async function getIncident(pageId: string, postId: string, callOptions?: CallOptions): Promise<StatuspageIncident> {
    const response = await request({ method: 'GET', path: incidentPath(pageId, postId), onExchange: callOptions?.onExchange });
    const incident = parseIncident(response.body);
    remember(incident);
    return incident;
  }

  async function listPages(): Promise<StatusPage[]> {
    const response = await request({ method: 'GET', path: 'pages' });
    return parseArrayPage(response.body, itemSchemas.page, Number.POSITIVE_INFINITY, 'pages').items.map(toStatusPage);
  }

  const listUnresolved = (pageId: string, callOptions?: CallOptions) =>
    listAll(pagePath(pageId, 'incidents/unresolved'), itemSchemas.incident, 'incidents', {}, callOptions);

  async function listRecent(pageId: string, callOptions?: CallOptions): Promise<StatuspageIncident[]> {
    const recent = await request({
      method: 'GET',
      path: pagePath(pageId, 'incidents'),
      query: { limit: RECENT_INCIDENTS, page: 1 },
      onExchange: callOptions?.onExchange,
    });
    return parseArrayPage(recent.body, itemSchemas.incident, RECENT_INCIDENTS, 'incidents').items;
  }

  async function listOpenPosts(pageId: string): Promise<Post[]> {
    const unresolved = await listUnresolved(pageId);
    const maintenance = (await listRecent(pageId)).filter((incident) => kindOf(incident) === 'maintenance');
    const byId = new Map<string, StatuspageIncident>();
    for (const incident of [...unresolved, ...maintenance]) if (isOpen(incident) && !byId.has(incident.id)) byId.set(incident.id, incident);
    for (const incident of byId.values()) remember(incident);
    return [...byId.values()].map(toPost);
  }

  async function loadPostOptions(pageId: string, kind: PostKind): Promise<PostOptions> {
    const components = await listAll(pagePath(pageId, 'components'), itemSchemas.component, 'components');
    return {
      statuses: statusesFor(kind),
      severities: [],
      impacts: componentStatusChoices(),
      components: components.filter(isSettableComponent).map(toComponent),
    };
  }

  async function componentChanges(publish: PublishRequest, callOptions?: CallOptions) {
    if (publish.impacts.length === 0) return {};
    for (const impact of publish.impacts) {
      if (!isComponentStatus(impact.impactId)) throw refused(`"${impact.impactId}" is not a Statuspage component status.`);
    }
    const affected =
      componentsByIncident.get(publish.postId) ?? componentIdsOf(await getIncident(publish.pageId, publish.postId, callOptions));
    return {
      components: Object.fromEntries(publish.impacts.map((impact) => [impact.componentId, impact.impactId])),
      component_ids: [...new Set([...affected, ...publish.impacts.map((impact) => impact.componentId)])],
    };
  }

  async function publishUpdate(publish: PublishRequest, callOptions?: CallOptions): Promise<TimelineEntry> {
    if (!isStatusFor(publish.postKind, publish.statusId)) {
      throw refused(`"${publish.statusId}" is not a Statuspage ${publish.postKind === 'maintenance' ? 'maintenance' : 'incident'} status.`);
    }
    const body = renderStatuspageMessage(publish.message);
    if (body.length > BODY_MAX_LENGTH)
      throw refused(`The update is longer than Statuspage's ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters.`);
    const incident = {
      status: publish.statusId,
      body,
      ...(await componentChanges(publish, callOptions)),
      deliver_notifications: publish.notifySubscribers,
    };
    const response = await request({
      method: 'PATCH',
      path: incidentPath(publish.pageId, publish.postId),
      body: { incident },
      onExchange: callOptions?.onExchange,
    });
    const updated = parseIncident(response.body);
    remember(updated);
    return createdEntry(updated, incident);
  }

  async function listTimeline(pageId: string, postId: string, callOptions?: CallOptions): Promise<TimelineEntry[]> {
    return timelineOf(await getIncident(pageId, postId, callOptions));
  }

  async function loadOpenOptions(pageId: string, kind: PostKind): Promise<PostOptions> {
    const options = await loadPostOptions(pageId, kind);
    // An incident may be opened with its impact set (`impact_override`); a maintenance's is "maintenance".
    return { ...options, severities: kind === 'incident' ? impactOverrideChoices() : [] };
  }

  return {
    id: 'statuspage',
    name: 'Statuspage',
    capabilities: { severity: false, nextUpdate: false, reportedAt: false, componentsKeepUnlessChanged: true, corrections: true },
    listPages,
    listOpenPosts,
    loadPostOptions,
    publishUpdate,
    renderMessage: renderStatuspageMessage,
    listTimeline,
    correctUpdate: (target: CorrectionTarget, message: string, callOptions?: CallOptions) =>
      correctStatuspageUpdate(request, target, renderStatuspageMessage(message), callOptions),
    opening: OPENING,
    loadOpenOptions,
    openPost: async (open, callOptions) => {
      const opened = await openStatuspagePost(request, open, renderStatuspageMessage(open.message), callOptions);
      componentsByIncident.set(
        opened.post.id,
        open.impacts.map((impact) => impact.componentId),
      );
      return opened;
    },
    findOpenedPost: (open, _sentAt, callOptions) => findOpenedStatuspagePost({ listUnresolved, listRecent }, open, callOptions),
    extendWindow: (pageId, post, endsAt, callOptions) => extendStatuspageWindow(request, pageId, post.id, endsAt, callOptions),
    // An incident is public as soon as it is created.
    publishDraft: async (_pageId, post) => post,
  };
}

const pagePath = (pageId: string, list: string) => `pages/${encodeURIComponent(pageId)}/${list}`;
const incidentPath = (pageId: string, postId: string) => `${pagePath(pageId, 'incidents')}/${encodeURIComponent(postId)}`;

function refused(providerMessage: string): ProviderError {
  return new ProviderError(`Statuspage update refused before sending: ${providerMessage}`, {
    provider: 'statuspage',
    kind: 'rejected',
    providerMessage,
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
