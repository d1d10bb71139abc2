import type { HomeItem, UpdatedBy } from './home-overview.js';

// When an incident's next public update is due, and whether it is overdue: pure, so the rules can be read
// and tested on their own.
//
// Due: the next-update time the latest public update set (Herald's "Next update in", or PagerDuty's
// update_frequency_ms on an update posted on the page); where it set none, the latest update plus
// HERALD_OVERDUE_MINUTES. Overdue: due, and the time has passed.

/** An update the page shows within this long after Herald's is taken to be Herald's own (the same entry). */
const SAME_UPDATE_MS = 60_000;

export interface UpdateFacts {
  /** Herald's latest published update to the incident, and the "Next update in" it set. */
  herald: { at: Date; nextUpdateMinutes: number | null } | null;
  /** The page's own latest update, where the provider says: when, and the next-update interval it set. */
  page: { at: Date; nextUpdateMs: number | null } | null;
}

export interface Urgency {
  lastUpdate: { at: Date; by: UpdatedBy } | null;
  nextDueAt: Date | null;
  overdue: boolean;
}

export function judgeUrgency(facts: UpdateFacts, now: Date, overdueMinutes: number): Urgency {
  const { herald, page } = facts;
  const pageIsNewer = page !== null && (herald === null || page.at.getTime() > herald.at.getTime() + SAME_UPDATE_MS);
  let lastUpdate: Urgency['lastUpdate'] = null;
  let nextDueAt: Date | null = null;
  if (pageIsNewer) {
    lastUpdate = { at: page.at, by: 'page' };
    nextDueAt = new Date(page.at.getTime() + (page.nextUpdateMs ?? overdueMinutes * 60_000));
  } else if (herald) {
    lastUpdate = { at: herald.at, by: 'herald' };
    nextDueAt = new Date(herald.at.getTime() + (herald.nextUpdateMinutes ?? overdueMinutes) * 60_000);
  }
  return { lastUpdate, nextDueAt, overdue: nextDueAt !== null && nextDueAt.getTime() <= now.getTime() };
}

/**
 * Most urgent first: overdue (longest overdue first), then incidents by when their next update is due, then
 * those with no known due time; incidents before maintenance at equal urgency; ties by page and title.
 */
export function byUrgency(a: HomeItem, b: HomeItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const due = (item: HomeItem) => item.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (due(a) !== due(b)) return due(a) < due(b) ? -1 : 1;
  if (a.post.kind !== b.post.kind) return a.post.kind === 'incident' ? -1 : 1;
  return a.page.name.localeCompare(b.page.name) || a.post.title.localeCompare(b.post.title);
}

/** Upcoming maintenance windows, soonest first. */
export function byStart(a: HomeItem, b: HomeItem): number {
  return (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0) || a.post.title.localeCompare(b.post.title);
}
