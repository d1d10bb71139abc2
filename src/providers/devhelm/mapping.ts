import { z } from 'zod';
import type { ListPage } from '../collect-pages.js';
import { ProviderError } from '../provider-error.js';
import type { Choice, Component, Post, StatusPage, TimelineEntry } from '../provider.js';
import { type DevHelmResource, toPostId } from './post-ids.js';

// DevHelm JSON -> Herald's normalised types. DevHelm's statuses are fixed enums, the same for every
// page; its ids are UUIDs. Answers are parsed tolerantly: a list item Herald cannot use is skipped
// rather than failing the whole list.

export const DEVHELM_STATUSES = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'] as const;
export const DEVHELM_OPEN_STATUSES = DEVHELM_STATUSES.filter((status) => status !== 'RESOLVED');
export const DEVHELM_COMPONENT_STATUSES = [
  'OPERATIONAL',
  'DEGRADED_PERFORMANCE',
  'PARTIAL_OUTAGE',
  'MAJOR_OUTAGE',
  'UNDER_MAINTENANCE',
] as const;

export type DevHelmStatus = (typeof DEVHELM_STATUSES)[number];
export type DevHelmComponentStatus = (typeof DEVHELM_COMPONENT_STATUSES)[number];

const componentStatus = z.enum(DEVHELM_COMPONENT_STATUSES);

const statusPage = z.object({ id: z.string().min(1), name: z.string().nullish(), slug: z.string().nullish() });

const component = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  type: z.string().nullish(),
  currentStatus: componentStatus.nullish().catch(null),
});

const update = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  body: z.string().nullish(),
  createdAt: z.string().nullish(),
});

const affectedComponent = z.object({ statusPageComponentId: z.string().min(1), componentStatus });

const incident = z.object({
  id: z.string().min(1),
  title: z.string().nullish(),
  status: z.string().nullish(),
  scheduled: z.boolean().nullish(),
  scheduledFor: z.string().nullish(),
  scheduledUntil: z.string().nullish(),
  startedAt: z.string().nullish(),
  createdAt: z.string().nullish(),
  /** Null while a page in review mode holds it as a draft. */
  publishedAt: z.string().nullish(),
  affectedComponents: z.array(affectedComponent).nullish().catch(null),
  updates: z.array(update).nullish().catch(null),
});

const listEnvelope = z.object({ data: z.array(z.unknown()), hasNext: z.boolean().nullish() });

const errorBody = z.object({
  message: z.string().nullish(),
  requestId: z.string().nullish(),
  errors: z
    .array(z.object({ field: z.string().nullish(), message: z.string().nullish() }).nullish())
    .nullish()
    .catch(null),
});

export type DevHelmIncident = z.infer<typeof incident>;
export type DevHelmUpdate = z.infer<typeof update>;
/** What the incident says its components are at: the list DevHelm replaces when an update names any. */
export type AffectedComponents = Map<string, DevHelmComponentStatus>;

export const itemSchemas = { statusPage, component, incident } as const;

const STATUS_LABELS: Record<DevHelmStatus, string> = {
  INVESTIGATING: 'Investigating',
  IDENTIFIED: 'Identified',
  MONITORING: 'Monitoring',
  RESOLVED: 'Resolved',
};

const COMPONENT_STATUS_LABELS: Record<DevHelmComponentStatus, string> = {
  OPERATIONAL: 'Operational',
  DEGRADED_PERFORMANCE: 'Degraded performance',
  PARTIAL_OUTAGE: 'Partial outage',
  MAJOR_OUTAGE: 'Major outage',
  UNDER_MAINTENANCE: 'Under maintenance',
};

const IMPACT_LABELS: Record<string, string> = { NONE: 'None', MINOR: 'Minor', MAJOR: 'Major', CRITICAL: 'Critical' };
/** The impact levels an incident or maintenance is opened with. */
export const impactChoices = (): Choice[] => Object.entries(IMPACT_LABELS).map(([id, label]) => ({ id, label }));
export const isDevHelmImpact = (id: string): boolean => Object.hasOwn(IMPACT_LABELS, id);
export const statusChoices = (): Choice[] => DEVHELM_STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] }));
export const componentStatusChoices = (): Choice[] => DEVHELM_COMPONENT_STATUSES.map((id) => ({ id, label: COMPONENT_STATUS_LABELS[id] }));

export function isDevHelmStatus(id: string): id is DevHelmStatus {
  return (DEVHELM_STATUSES as readonly string[]).includes(id);
}

export function isComponentStatus(id: string): id is DevHelmComponentStatus {
  return (DEVHELM_COMPONENT_STATUSES as readonly string[]).includes(id);
}

/** One page of a `{data: [...], hasNext}` list. */
export function parseListPage<T>(body: unknown, item: z.ZodType<T>, what: string): ListPage<T> {
  const envelope = listEnvelope.safeParse(body);
  if (!envelope.success) throw invalidResponse(`a list of ${what} was expected`);
  const items = envelope.data.data.flatMap((candidate) => {
    const parsed = item.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
  return { items, more: envelope.data.hasNext === true };
}

/** `{data: <incident>}`, as the incident and update endpoints answer. */
export function parseIncident(body: unknown): DevHelmIncident {
  const parsed = z.object({ data: incident }).safeParse(body);
  if (!parsed.success) throw invalidResponse('the incident is missing from the answer');
  return parsed.data.data;
}

/**
 * DevHelm's public pages live at `https://<slug>.devhelm.io` (its own docs); a DevHelm reached at any
 * other address may serve them elsewhere, so no link is guessed there.
 */
export function toStatusPage(page: z.infer<typeof statusPage>, apiBaseUrl: string): StatusPage {
  const hosted = /^https:\/\/api\.devhelm\.io\/?$/.test(apiBaseUrl) && page.slug;
  return {
    provider: 'devhelm',
    id: page.id,
    name: page.name ?? page.slug ?? page.id,
    url: hosted ? `https://${encodeURIComponent(page.slug!)}.devhelm.io` : null,
  };
}

/** A window of the maintenance resource is always a maintenance; an incident is one when scheduled. */
export function toPost(item: DevHelmIncident, resource: DevHelmResource = 'incidents'): Post {
  const post: Post = {
    id: toPostId(resource, item.id),
    title: item.title ?? item.id,
    kind: resource === 'maintenance' || item.scheduled ? 'maintenance' : 'incident',
    url: null,
    startedAt: item.startedAt ?? item.createdAt ?? firstUpdateAt(item),
  };
  // What the page shows, for the Home tab: its status, its newest update's time, a maintenance window's start.
  const newest = newestFirst((item.updates ?? []).map((update) => toTimelineEntry(update, item.id)))[0];
  if (item.status && isDevHelmStatus(item.status)) post.statusLabel = STATUS_LABELS[item.status];
  if (newest?.reportedAt) post.updatedAt = newest.reportedAt;
  if (post.kind === 'maintenance' && item.scheduledFor) post.startsAt = item.scheduledFor;
  return post;
}

function firstUpdateAt(item: DevHelmIncident): string | null {
  const times = (item.updates ?? []).flatMap((u) => (u.createdAt ? [u.createdAt] : [])).sort();
  return times[0] ?? null;
}

/** Window statuses that mean it is over (the maintenance resource has its own lifecycle words). */
const CLOSED_WINDOW_STATUSES = new Set(['RESOLVED', 'COMPLETED', 'CANCELLED', 'DISMISSED']);

export function isOpenPost(item: DevHelmIncident): boolean {
  return !CLOSED_WINDOW_STATUSES.has((item.status ?? '').toUpperCase());
}

/** Groups show the worst of their members: their status is not set by hand. */
export function isSettableComponent(item: z.infer<typeof component>): boolean {
  return item.type !== 'GROUP';
}

export function toComponent(item: z.infer<typeof component>): Component {
  return { id: item.id, name: item.name ?? item.id, currentImpactId: item.currentStatus ?? null };
}

export function affectedComponentsOf(item: DevHelmIncident): AffectedComponents {
  return new Map((item.affectedComponents ?? []).map((c) => [c.statusPageComponentId, c.componentStatus]));
}

export function toTimelineEntry(item: DevHelmUpdate, postId: string): TimelineEntry {
  return {
    id: item.id,
    postId,
    message: item.body ?? '',
    statusId: item.status ?? null,
    reportedAt: item.createdAt ?? null,
  };
}

/** Newest first; entries without a time after the dated ones. */
export function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  const time = (entry: TimelineEntry) => (entry.reportedAt ? Date.parse(entry.reportedAt) : Number.NaN);
  return [...entries].sort((a, b) => {
    const [ta, tb] = [time(a), time(b)];
    if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
    return tb - ta;
  });
}

/** The update this publish created: the newest with our text and status (the answer holds them all). */
export function createdEntry(item: DevHelmIncident, sent: { body: string; status: string }, postId = item.id): TimelineEntry {
  const entries = newestFirst((item.updates ?? []).map((u) => toTimelineEntry(u, postId)));
  const ours = entries.find((entry) => entry.message === sent.body && entry.statusId === sent.status);
  const entry = ours ?? entries[0];
  if (!entry) throw invalidResponse('the incident came back without any update');
  return entry;
}

/** `message` is meant for users; field errors add what exactly was refused. */
export function devHelmErrorMessage(body: unknown): string | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const details = (parsed.data.errors ?? [])
    .flatMap((entry) => (entry?.message ? [entry.field ? `${entry.field}: ${entry.message}` : entry.message] : []))
    .filter((detail) => detail !== parsed.data.message);
  const message = parsed.data.message ?? undefined;
  if (!message) return details.length > 0 ? details.join('; ') : undefined;
  return details.length > 0 ? `${message} (${details.join('; ')})` : message;
}

export function devHelmRequestId(body: unknown): string | undefined {
  const parsed = errorBody.safeParse(body);
  return parsed.success ? (parsed.data.requestId ?? undefined) : undefined;
}

export function invalidResponse(detail: string): ProviderError {
  return new ProviderError(`DevHelm answered with a body Herald cannot read: ${detail}`, {
    provider: 'devhelm',
    kind: 'invalid_response',
  });
}
