import type { PostOptions, ProviderId } from '../providers/provider.js';
import type { PublishedUpdate } from '../store/summary-store.js';
import type { DraftChoice, UpdateDraft } from '../updates/draft.js';
import { isFinalStatus } from '../updates/statuses.js';
import { type ComponentState, mergeWithPage } from './components-as-shown.js';

export type { ComponentState } from './components-as-shown.js';

// What a channel's live summary says, worked out from the updates the channel published: one entry per
// incident or maintenance, as its newest update (by publish time, not by when we heard of it) left it.

export interface IncidentSummary {
  provider: ProviderId;
  page: UpdateDraft['page'];
  post: UpdateDraft['post'];
  status: DraftChoice;
  /** Null where the provider has no severity on updates. */
  severity: DraftChoice | null;
  /** Each component's state as Herald's updates last set it, in the order they were first named. */
  components: ComponentState[];
  lastUpdate: { message: string; publishedAt: Date; userId: string; submissionId: string };
  /** When the next update was promised for; null when none was, or the incident is closed. */
  nextUpdateDue: Date | null;
  /** The newest update resolved or completed it. */
  closed: boolean;
  updateCount: number;
}

/** The page's components as last read, where known without asking the page (see components-as-shown.ts). */
export type PageComponents = (draft: UpdateDraft) => PostOptions | undefined;

/**
 * `keepsComponents(provider)`: the provider keeps components an update leaves out (DevHelm, Statuspage),
 * so their state is the last one any update set, brought up to date with the page where `pageComponents`
 * knows it; otherwise (PagerDuty) the newest update lists them all.
 */
export function summariseIncidents(
  updates: readonly PublishedUpdate[],
  keepsComponents: (provider: ProviderId) => boolean,
  pageComponents: PageComponents = () => undefined,
): IncidentSummary[] {
  const byIncident = new Map<string, PublishedUpdate[]>();
  for (const update of updates) {
    if (update.state !== 'published' || update.publishedAt === null) continue;
    const { provider, page, post } = update.draft;
    const key = JSON.stringify([provider, page.id, post.id]);
    byIncident.set(key, [...(byIncident.get(key) ?? []), update]);
  }
  return [...byIncident.values()]
    .map((updates) => summarise([...updates].sort(byPublishTime), keepsComponents, pageComponents))
    .sort((a, b) => b.lastUpdate.publishedAt.getTime() - a.lastUpdate.publishedAt.getTime());
}

function summarise(
  updates: PublishedUpdate[],
  keepsComponents: (provider: ProviderId) => boolean,
  pageComponents: PageComponents,
): IncidentSummary {
  const newest = updates.at(-1)!;
  const { draft } = newest;
  const publishedAt = newest.publishedAt!;
  const closed = isFinalStatus(draft.status);
  const keeps = keepsComponents(draft.provider);
  const setBy = keeps ? updates : [newest];
  const byId = new Map<string, ComponentState>();
  for (const { draft: each } of setBy) {
    for (const { component, impact } of each.impacts) {
      byId.set(component.id, { id: component.id, label: component.label, state: impact.label });
    }
  }
  const page = keeps ? pageComponents(draft) : undefined;
  const components = page ? mergeWithPage([...byId.values()], page) : [...byId.values()];
  return {
    provider: draft.provider,
    page: draft.page,
    post: draft.post,
    status: draft.status,
    severity: draft.severity,
    components,
    lastUpdate: { message: draft.message, publishedAt, userId: newest.userId, submissionId: newest.id },
    nextUpdateDue: closed || draft.nextUpdateMinutes === null ? null : new Date(publishedAt.getTime() + draft.nextUpdateMinutes * 60_000),
    closed,
    updateCount: updates.length,
  };
}

/** Oldest first; ties (same millisecond) by when they were submitted, then by id, so every replica agrees. */
function byPublishTime(a: PublishedUpdate, b: PublishedUpdate): number {
  return (
    a.publishedAt!.getTime() - b.publishedAt!.getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
