import { z } from 'zod';
import type { ListPage } from '../collect-pages.js';
import { ProviderError } from '../provider-error.js';
import type { Choice, Component, Post, PostKind, StatusPage, TimelineEntry } from '../provider.js';

// PagerDuty JSON -> Herald's normalised types. The contract declares no required fields in any
// response object, so everything but an `id` is optional here and has a sensible fallback; a list
// item without an id is useless to the form and is skipped rather than failing the whole list.

const reference = z.object({ id: z.string().min(1) });
const postKind = z.enum(['incident', 'maintenance']);

const statusPage = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  url: z.string().nullish(),
});

const post = z.object({
  id: z.string().min(1),
  title: z.string().nullish(),
  post_type: postKind.nullish(),
  starts_at: z.string().nullish(),
  ends_at: z.string().nullish(),
  /** References to the post's updates (the API lists at most 50). */
  updates: z.array(reference).nullish().catch(null),
});

/** Statuses, severities and impacts share one shape: a per-page record with a description. */
const describedRecord = z.object({
  id: z.string().min(1),
  description: z.string().nullish(),
  post_type: postKind.nullish(),
});

const service = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
});

const postUpdate = z.object({
  id: z.string().min(1),
  post: reference.nullish(),
  message: z.string().nullish(),
  status: reference.nullish(),
  severity: reference.nullish(),
  impacted_services: z.array(z.object({ service: reference.nullish(), impact: reference.nullish() })).nullish(),
  reported_at: z.string().nullish(),
  update_frequency_ms: z.number().nullish().catch(null),
});

const listEnvelope = z.object({ more: z.boolean().nullish() }).catchall(z.unknown());

const errorBody = z.object({
  error: z.object({
    message: z.string().nullish(),
    errors: z.array(z.string()).nullish(),
  }),
});

export type PagerDutyPost = z.infer<typeof post>;
export type PagerDutyRecord = z.infer<typeof describedRecord>;
export type PagerDutyService = z.infer<typeof service>;
export type PagerDutyStatusPage = z.infer<typeof statusPage>;
export type PagerDutyPostUpdate = z.infer<typeof postUpdate>;

export const itemSchemas = { statusPage, post, describedRecord, service, postUpdate } as const;

/** One page of a `{<key>: [...], more}` list. */
export function parseListPage<T>(body: unknown, key: string, item: z.ZodType<T>): ListPage<T> {
  const envelope = listEnvelope.safeParse(body);
  if (!envelope.success) throw invalidResponse(`a list of ${key} was expected`);
  const raw = envelope.data[key];
  if (raw !== undefined && !Array.isArray(raw)) throw invalidResponse(`"${key}" is not a list`);
  const items = (raw ?? []).flatMap((candidate) => {
    const parsed = item.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
  return { items, more: envelope.data.more === true };
}

/** `{"post": {...}}`, as creating, reading and replacing a post answer. */
export function parsePost(body: unknown, detail: string): PagerDutyPost {
  const parsed = z.object({ post }).safeParse(body);
  if (!parsed.success) throw invalidResponse(detail);
  return parsed.data.post;
}

/** `{"post_update": {...}}`, as reading one post update answers. */
export function parsePostUpdate(body: unknown, detail: string): PagerDutyPostUpdate {
  const parsed = z.object({ post_update: postUpdate }).safeParse(body);
  if (!parsed.success) throw invalidResponse(detail);
  return parsed.data.post_update;
}

/** The 201 of a created post update. */
export function parseCreatedUpdate(body: unknown, postId: string): TimelineEntry {
  const parsed = z.object({ post_update: postUpdate }).safeParse(body);
  if (!parsed.success) throw invalidResponse('the created post update is missing from the answer');
  return toTimelineEntry(parsed.data.post_update, postId);
}

export function toStatusPage(page: PagerDutyStatusPage): StatusPage {
  return { provider: 'pagerduty', id: page.id, name: page.name ?? page.id, url: page.url ?? null };
}

/**
 * PagerDuty's API has no public address for a post; its status pages show one at
 * `<page url>/posts/details/<post id>`.
 */
export function toPost(item: PagerDutyPost, pageUrl: string | null): Post {
  return {
    id: item.id,
    title: item.title ?? item.id,
    kind: item.post_type ?? 'incident',
    startedAt: item.starts_at ?? null,
    url: pageUrl ? `${pageUrl.replace(/\/+$/, '')}/posts/details/${encodeURIComponent(item.id)}` : null,
    // A maintenance window's start, for the Home tab (an incident's list entry says nothing of its updates).
    ...(item.post_type === 'maintenance' && item.starts_at ? { startsAt: item.starts_at } : {}),
  };
}

export function toChoice(record: PagerDutyRecord): Choice {
  return { id: record.id, label: record.description ?? record.id };
}

export function toComponent(item: PagerDutyService): Component {
  return { id: item.id, name: item.name ?? item.id, currentImpactId: null };
}

export function toTimelineEntry(update: PagerDutyPostUpdate, postId: string): TimelineEntry {
  return {
    id: update.id,
    postId: update.post?.id ?? postId,
    message: update.message ?? '',
    statusId: update.status?.id ?? null,
    reportedAt: update.reported_at ?? null,
    severityId: update.severity?.id ?? null,
    impacts: (update.impacted_services ?? []).flatMap(({ service, impact }) =>
      service && impact ? [{ componentId: service.id, impactId: impact.id }] : [],
    ),
    ...(typeof update.update_frequency_ms === 'number' && update.update_frequency_ms > 0
      ? { nextUpdateMs: update.update_frequency_ms }
      : {}),
  };
}

/** Records of another post type, when PagerDuty says which, do not belong in this form. */
export function isForKind(record: PagerDutyRecord, kind: PostKind): boolean {
  return record.post_type == null || record.post_type === kind;
}

/** `{"error": {"message", "errors": [...]}}` -> "Invalid Input Provided: Status not found; ...". */
export function pagerDutyErrorMessage(body: unknown): string | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { message, errors } = parsed.data.error;
  const details = (errors ?? []).filter((detail) => detail.trim() !== '');
  if (!message && details.length === 0) return undefined;
  if (!message) return details.join('; ');
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}

export function invalidResponse(detail: string): ProviderError {
  return new ProviderError(`PagerDuty answered with a body Herald cannot read: ${detail}`, {
    provider: 'pagerduty',
    kind: 'invalid_response',
  });
}
