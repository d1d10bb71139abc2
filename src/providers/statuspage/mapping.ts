import { z } from 'zod';
import type { ListPage } from '../collect-pages.js';
import { ProviderError } from '../provider-error.js';
import type { Choice, Component, Post, PostKind, StatusPage, TimelineEntry } from '../provider.js';

// Atlassian Statuspage JSON -> Herald's normalised types. Lists are bare arrays; statuses are fixed
// enums, one set for incidents and one for scheduled maintenance; component statuses are shared.

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
/** Statuspage refuses longer update bodies. */
export const BODY_MAX_LENGTH = 25_000;
/** What `impact_override` takes from the create form: the severities of a new incident. */
export const IMPACT_OVERRIDES = ['none', 'minor', 'major', 'critical'] as const;

const LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
  none: 'None',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
};

const page = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  subdomain: z.string().nullish(),
  domain: z.string().nullish(),
});

const component = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  status: z.string().nullish(),
  group: z.boolean().nullish(),
});

const incidentUpdate = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  body: z.string().nullish(),
  created_at: z.string().nullish(),
  display_at: z.string().nullish(),
});

const incident = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  status: z.string().nullish(),
  shortlink: z.string().nullish(),
  scheduled_for: z.string().nullish(),
  scheduled_until: z.string().nullish(),
  started_at: z.string().nullish(),
  created_at: z.string().nullish(),
  /** Objects of objects; Herald keeps `{"herald": {"submission": <reference>}}` there on what it opens. */
  metadata: z.record(z.string(), z.unknown()).nullish().catch(null),
  components: z
    .array(z.object({ id: z.string().min(1) }).passthrough())
    .nullish()
    .catch(null),
  incident_updates: z.array(incidentUpdate).nullish().catch(null),
});

const errorBody = z.object({
  message: z.string().nullish(),
  error: z.union([z.string(), z.array(z.string())]).nullish(),
});

export type StatuspageIncident = z.infer<typeof incident>;
export type StatuspageIncidentUpdate = z.infer<typeof incidentUpdate>;
export const itemSchemas = { page, component, incident } as const;

export const statusesFor = (kind: PostKind): Choice[] =>
  (kind === 'maintenance' ? MAINTENANCE_STATUSES : INCIDENT_STATUSES).map(toLabelledChoice);
export const impactOverrideChoices = (): Choice[] => IMPACT_OVERRIDES.map(toLabelledChoice);
export const componentStatusChoices = (): Choice[] => COMPONENT_STATUSES.map(toLabelledChoice);

function toLabelledChoice(id: string): Choice {
  return { id, label: LABELS[id] ?? id };
}

export function isStatusFor(kind: PostKind, status: string): boolean {
  return (statusesFor(kind) as Choice[]).some((choice) => choice.id === status);
}

export function isComponentStatus(status: string): boolean {
  return (COMPONENT_STATUSES as readonly string[]).includes(status);
}

/** A bare array; a full page means there may be more. */
export function parseArrayPage<T>(body: unknown, item: z.ZodType<T>, pageSize: number, what: string): ListPage<T> {
  if (!Array.isArray(body)) throw invalidResponse(`a list of ${what} was expected`);
  const items = body.flatMap((candidate) => {
    const parsed = item.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
  return { items, more: body.length >= pageSize };
}

export function parseIncident(body: unknown): StatuspageIncident {
  const parsed = incident.safeParse(body);
  if (!parsed.success) throw invalidResponse('the incident is missing from the answer');
  return parsed.data;
}

/** One incident update on its own, as a correction (PATCH of that update) answers with. */
export function parseIncidentUpdate(body: unknown): StatuspageIncidentUpdate {
  const parsed = incidentUpdate.safeParse(body);
  if (!parsed.success) throw invalidResponse('the incident update is missing from the answer');
  return parsed.data;
}

/** The public address: the custom domain when there is one, else the statuspage.io subdomain. */
export function toStatusPage(item: z.infer<typeof page>): StatusPage {
  const host = item.domain || (item.subdomain ? (item.subdomain.includes('.') ? item.subdomain : `${item.subdomain}.statuspage.io`) : null);
  return { provider: 'statuspage', id: item.id, name: item.name ?? item.id, url: host ? `https://${host}` : null };
}

export function kindOf(item: StatuspageIncident): PostKind {
  return item.scheduled_for || (item.status && (MAINTENANCE_STATUSES as readonly string[]).includes(item.status))
    ? 'maintenance'
    : 'incident';
}

/** Still open: incidents until resolved, maintenance until completed. */
export function isOpen(item: StatuspageIncident): boolean {
  return item.status !== 'resolved' && item.status !== 'completed';
}

export function toPost(item: StatuspageIncident): Post {
  const post: Post = {
    id: item.id,
    title: item.name ?? item.id,
    kind: kindOf(item),
    url: item.shortlink ?? null,
    startedAt: item.started_at ?? item.created_at ?? null,
  };
  // What the page shows, for the Home tab: its status, its newest update's time, a maintenance window's start.
  const updatedAt = newestTime((item.incident_updates ?? []).map((update) => update.display_at ?? update.created_at));
  if (item.status) post.statusLabel = statusLabel(item.status);
  if (updatedAt) post.updatedAt = updatedAt;
  if (item.status === 'scheduled' && item.scheduled_for) post.startsAt = item.scheduled_for;
  return post;
}

/** The submission reference Herald kept in an incident's metadata when it opened it; undefined for none. */
export function heraldReferenceOf(item: StatuspageIncident): string | undefined {
  const herald = item.metadata?.herald;
  if (typeof herald !== 'object' || herald === null) return undefined;
  const submission = (herald as Record<string, unknown>).submission;
  return typeof submission === 'string' ? submission : undefined;
}
/** "in_progress" -> "In progress". */
function statusLabel(status: string): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The latest of ISO 8601 times; null when none can be read. */
export function newestTime(times: readonly (string | null | undefined)[]): string | null {
  let newest: { text: string; at: number } | null = null;
  for (const text of times) {
    const at = text ? Date.parse(text) : Number.NaN;
    if (text && !Number.isNaN(at) && (newest === null || at > newest.at)) newest = { text, at };
  }
  return newest?.text ?? null;
}

/** Groups take the worst status of their members; only components are set by hand. */
export function isSettableComponent(item: z.infer<typeof component>): boolean {
  return item.group !== true;
}

export function toComponent(item: z.infer<typeof component>): Component {
  return {
    id: item.id,
    name: item.name ?? item.id,
    currentImpactId: item.status && isComponentStatus(item.status) ? item.status : null,
  };
}

export function componentIdsOf(item: StatuspageIncident): string[] {
  return (item.components ?? []).map((c) => c.id);
}

export function timelineOf(item: StatuspageIncident): TimelineEntry[] {
  const entries = (item.incident_updates ?? []).map((update) => toTimelineEntry(update, item.id));
  const time = (entry: TimelineEntry) => (entry.reportedAt ? Date.parse(entry.reportedAt) : Number.NaN);
  return entries.sort((a, b) => {
    const [ta, tb] = [time(a), time(b)];
    if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
    return tb - ta;
  });
}

/** One update as a timeline entry, dated by `display_at` (the time the page shows, which can be backdated) first. */
export function toTimelineEntry(update: StatuspageIncidentUpdate, postId: string): TimelineEntry {
  return {
    id: update.id,
    postId,
    message: update.body ?? '',
    statusId: update.status ?? null,
    reportedAt: update.display_at ?? update.created_at ?? null,
  };
}

/** The update this publish created: the newest with our text and status. */
export function createdEntry(item: StatuspageIncident, sent: { body: string; status: string }): TimelineEntry {
  const entries = timelineOf(item);
  const entry = entries.find((e) => e.message === sent.body && e.statusId === sent.status) ?? entries[0];
  if (!entry) throw invalidResponse('the incident came back without any update');
  return entry;
}

/** `{"message": "..."}` per the contract; `{"error": "..." | [...]}` as the API also answers. */
export function statuspageErrorMessage(body: unknown): string | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { message, error } = parsed.data;
  if (message) return message;
  if (Array.isArray(error)) return error.length > 0 ? error.join('; ') : undefined;
  return error ?? undefined;
}

export function invalidResponse(detail: string): ProviderError {
  return new ProviderError(`Statuspage answered with a body Herald cannot read: ${detail}`, {
    provider: 'statuspage',
    kind: 'invalid_response',
  });
}
