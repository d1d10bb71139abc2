import type { z } from 'zod';
import { collectPages } from '../collect-pages.js';
import { createProviderHttp, type ProviderHttp } from '../http.js';
import { type PaceRate, PROCESS_TURNS, type RequestTurns, turnKey } from '../request-turns.js';
import { ProviderError } from '../provider-error.js';
import type { OpeningCapabilities } from '../opening.js';
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
import {
  isForKind,
  itemSchemas,
  pagerDutyErrorMessage,
  parseCreatedUpdate,
  parseListPage,
  toChoice,
  toComponent,
  toPost,
  toStatusPage,
  toTimelineEntry,
} from './mapping.js';
import { correctPagerDutyUpdate } from './correct-update.js';
import { extendPagerDutyWindow } from './extend-window.js';
import { findOpenedPagerDutyPost } from './find-opened-post.js';
import { openPagerDutyPost } from './open-post.js';
import { renderPagerDutyMessage } from './render-message.js';

// PagerDuty Status Pages (REST API v2). Statuses, severities and impacts are per-page records with
// opaque ids, listed per post type; an update is a post_update on a post.

export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
const PAGE_SIZE = 100;
/** Status descriptions that mean a post is over; everything else is still open. */
const CLOSED_STATUSES = new Set(['resolved', 'completed']);
/**
 * A post has a window (`starts_at`, `ends_at`) and nothing else of a schedule: the page neither starts nor
 * completes a maintenance by itself, nor sets components to maintenance.
 */
const OPENING: OpeningCapabilities = {
  titleMaxLength: 128,
  maintenanceStatuses: true,
  automaticStart: false,
  automaticCompletion: false,
  componentsToMaintenance: false,
};

export interface PagerDutyProviderOptions {
  token: string;
  /** Default https://api.pagerduty.com */
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  maxRetryWaitMs?: number | undefined;
  backoffMs?: number | undefined;
  /** Where the key's turns are kept: every Herald process's on PostgreSQL, this process's by default. */
  turns?: RequestTurns | undefined;
}

/** PagerDuty allows 960 requests a minute per API key: 480 at once, then one every 125 ms, keeps under it in any minute. */
const REQUEST_RATE: PaceRate = { spacingMs: 125, burst: 480 };

export function createPagerDutyProvider(options: PagerDutyProviderOptions): Provider {
  const unpaced = createProviderHttp({
    provider: 'pagerduty',
    providerName: 'PagerDuty',
    baseUrl: options.baseUrl ?? 'https://api.pagerduty.com',
    headers: { authorization: `Token token=${options.token}`, accept: PAGERDUTY_ACCEPT },
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    maxRetryWaitMs: options.maxRetryWaitMs,
    backoffMs: options.backoffMs,
    providerMessage: pagerDutyErrorMessage,
    requestId: (headers) => single(headers['x-request-id']),
  });
  const turns = options.turns ?? PROCESS_TURNS;
  const key = turnKey('pagerduty', options.baseUrl ?? 'https://api.pagerduty.com', options.token);
  const http: ProviderHttp = { request: (call) => turns.paced(key, REQUEST_RATE, () => unpaced.request(call)) };
  /** Page id -> public address, learnt from the page list: posts' addresses hang off it. */
  const pageUrls = new Map<string, string | null>();

  async function listAll<T>(
    path: string,
    key: string,
    item: z.ZodType<T>,
    query: Record<string, string | readonly string[]> = {},
    callOptions?: CallOptions,
  ): Promise<T[]> {
    return collectPages(async (_pageIndex, collected) => {
      const response = await http.request({
        method: 'GET',
        path,
        query: { ...query, limit: PAGE_SIZE, offset: collected },
        onExchange: callOptions?.onExchange,
      });
      return parseListPage(response.body, key, item);
    }).catch((error: unknown) => {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError(`PagerDuty GET /${path}: the list never ended`, {
        provider: 'pagerduty',
        kind: 'invalid_response',
        cause: error,
      });
    });
  }

  async function listPages(): Promise<StatusPage[]> {
    const pages = (await listAll('status_pages', 'status_pages', itemSchemas.statusPage)).map(toStatusPage);
    for (const page of pages) pageUrls.set(page.id, page.url);
    return pages;
  }

  /** A post's link is a nicety: when the page list cannot be read, posts are still offered, unlinked. */
  async function pageUrl(pageId: string): Promise<string | null> {
    if (!pageUrls.has(pageId)) await listPages().catch(() => undefined);
    return pageUrls.get(pageId) ?? null;
  }

  async function listOpenPosts(pageId: string): Promise<Post[]> {
    // Posts carry no status of their own; the list filters by status ids, which differ per page.
    const [statuses, url] = await Promise.all([
      listAll(pagePath(pageId, 'statuses'), 'statuses', itemSchemas.describedRecord),
      pageUrl(pageId),
    ]);
    const openStatusIds = statuses
      .filter((status) => !CLOSED_STATUSES.has((status.description ?? '').trim().toLowerCase()))
      .map((status) => status.id);
    if (openStatusIds.length === 0) return [];
    const posts = await listAll(pagePath(pageId, 'posts'), 'posts', itemSchemas.post, { 'status[]': openStatusIds });
    return posts.map((post) => toPost(post, url));
  }

  async function loadPostOptions(pageId: string, kind: PostKind): Promise<PostOptions> {
    const byKind = { post_type: kind };
    const [statuses, severities, impacts, services] = await Promise.all([
      listAll(pagePath(pageId, 'statuses'), 'statuses', itemSchemas.describedRecord, byKind),
      listAll(pagePath(pageId, 'severities'), 'severities', itemSchemas.describedRecord, byKind),
      listAll(pagePath(pageId, 'impacts'), 'impacts', itemSchemas.describedRecord, byKind),
      listAll(pagePath(pageId, 'services'), 'services', itemSchemas.service),
    ]);
    const choices = (records: typeof statuses) => records.filter((record) => isForKind(record, kind)).map(toChoice);
    return {
      statuses: choices(statuses),
      severities: choices(severities),
      impacts: choices(impacts),
      components: services.map(toComponent),
    };
  }

  async function publishUpdate(request: PublishRequest, callOptions?: CallOptions): Promise<TimelineEntry> {
    if (request.severityId === null) {
      // The form always asks for a severity when the provider has them; reaching here is a bug upstream.
      throw new ProviderError('PagerDuty requires a severity on every post update, and none was given', {
        provider: 'pagerduty',
        kind: 'rejected',
        providerMessage: 'A severity is required for PagerDuty status page updates.',
      });
    }
    const postUpdate = {
      type: 'status_page_post_update',
      message: renderPagerDutyMessage(request.message),
      status: { id: request.statusId, type: 'status_page_status' },
      severity: { id: request.severityId, type: 'status_page_severity' },
      impacted_services: request.impacts.map((impact) => ({
        service: { id: impact.componentId, type: 'status_page_service' },
        impact: { id: impact.impactId, type: 'status_page_impact' },
      })),
      post: { id: request.postId, type: 'status_page_post' },
      notify_subscribers: request.notifySubscribers,
      // Required by the API even when there is no next update: null says "none".
      update_frequency_ms: request.nextUpdateMs === null ? null : Math.round(request.nextUpdateMs),
      ...(request.reportedAt ? { reported_at: request.reportedAt.toISOString() } : {}),
    };
    const response = await http.request({
      method: 'POST',
      path: `${postPath(request.pageId, request.postId)}/post_updates`,
      body: { post_update: postUpdate },
      onExchange: callOptions?.onExchange,
    });
    return parseCreatedUpdate(response.body, request.postId);
  }

  async function listTimeline(pageId: string, postId: string, callOptions?: CallOptions): Promise<TimelineEntry[]> {
    const updates = await listAll(`${postPath(pageId, postId)}/post_updates`, 'post_updates', itemSchemas.postUpdate, {}, callOptions);
    return newestFirst(updates.map((update) => toTimelineEntry(update, postId)));
  }

  const listPosts = (pageId: string, kind: PostKind, callOptions?: CallOptions) =>
    listAll(pagePath(pageId, 'posts'), 'posts', itemSchemas.post, { post_type: kind }, callOptions);

  return {
    id: 'pagerduty',
    name: 'PagerDuty',
    capabilities: { severity: true, nextUpdate: true, reportedAt: true, corrections: true },
    listPages,
    listOpenPosts,
    loadPostOptions,
    publishUpdate,
    renderMessage: renderPagerDutyMessage,
    listTimeline,
    correctUpdate: (target: CorrectionTarget, message: string, callOptions?: CallOptions) =>
      correctPagerDutyUpdate(http, target, message, callOptions),
    opening: OPENING,
    loadOpenOptions: loadPostOptions,
    openPost: async (request, callOptions) => openPagerDutyPost(http, request, await pageUrl(request.pageId), callOptions),
    findOpenedPost: async (request, sentAt, callOptions) =>
      findOpenedPagerDutyPost({ listPosts, listTimeline }, request, sentAt, await pageUrl(request.pageId), callOptions),
    extendWindow: (pageId, post, endsAt, callOptions) => extendPagerDutyWindow(http, pageId, post, endsAt, callOptions),
    // A post is public as soon as it is created.
    publishDraft: async (_pageId, post) => post,
  };
}

const pagePath = (pageId: string, list: string) => `status_pages/${encodeURIComponent(pageId)}/${list}`;
const postPath = (pageId: string, postId: string) => `${pagePath(pageId, 'posts')}/${encodeURIComponent(postId)}`;

/** The API does not promise an order; entries without a time keep theirs, after the dated ones. */
function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  const time = (entry: TimelineEntry) => (entry.reportedAt ? Date.parse(entry.reportedAt) : Number.NaN);
  return [...entries].sort((a, b) => {
    const [ta, tb] = [time(a), time(b)];
    if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
    return tb - ta;
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
