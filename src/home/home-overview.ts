import type { PostKind, ProviderId } from '../providers/provider.js';

// What the Home tab shows one person: every open incident and maintenance on the configured pages, most
// urgent first, and what could not be read. Built by gather-home.ts; rendered by the Slack edge (slack/home/).

/** Who made an incident's latest public update: Herald, or someone on the status page itself. */
export type UpdatedBy = 'herald' | 'page';

export interface HomeItem {
  provider: ProviderId;
  providerName: string;
  page: { id: string; name: string; url: string | null };
  post: { id: string; title: string; kind: PostKind; url: string | null };
  /** The status the latest update set, where known ("Identified"); null when neither Herald nor the page says. */
  status: string | null;
  /** The channels linked to this incident, oldest link first. */
  channelIds: string[];
  lastUpdate: { at: Date; by: UpdatedBy } | null;
  /** When the next public update is due; null when nothing says (no update known). */
  nextDueAt: Date | null;
  overdue: boolean;
  /** A maintenance window that has not started yet: when it starts. Null for everything else. */
  startsAt: Date | null;
}

/** A provider, or one page of it, whose incidents could not be read in time: named on the tab, never left out. */
export interface Unreadable {
  providerName: string;
  /** The page's name; null when the provider's page list itself could not be read. */
  pageName: string | null;
  reason: 'error' | 'timeout';
}

export interface HomeOverview {
  /** Open incidents and maintenance in progress, most urgent first (overdue ones first of all). */
  open: HomeItem[];
  /** Maintenance windows that have not started yet, soonest first. */
  upcoming: HomeItem[];
  unreadable: Unreadable[];
  /** The providers Herald is configured with ("PagerDuty"), for the footer. */
  providerNames: string[];
}
