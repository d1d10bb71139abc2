// The records every status-page provider speaks in, normalised: pages, posts, components, the choices a
// form offers, timeline entries. provider.ts (updates) and opening.ts (new posts) both build on them.

export type ProviderId = 'pagerduty' | 'devhelm' | 'statuspage';

/** An incident, or a scheduled maintenance. Each provider has its own status vocabulary for each. */
export type PostKind = 'incident' | 'maintenance';

/** A record the user picks from: a status, a severity, an impact level. `id` is what the provider wants back. */
export interface Choice {
  id: string;
  label: string;
}

export interface StatusPage {
  provider: ProviderId;
  id: string;
  name: string;
  /** Public address of the page, for the echo's link. */
  url: string | null;
}

/** An open incident or maintenance on a page: what an update is posted to. */
export interface Post {
  id: string;
  title: string;
  kind: PostKind;
  url: string | null;
  /**
   * When the post became public (ISO 8601), where the provider says: the echo of a resolution tells how long
   * it was up. Absent or null when unknown.
   */
  startedAt?: string | null;
  /** The status the page shows for it ("Identified"), where the provider's list says. */
  statusLabel?: string | null;
  /** When the page says it was last updated (ISO 8601), where the provider's list says. */
  updatedAt?: string | null;
  /** A maintenance window's start (ISO 8601), where the provider says. */
  startsAt?: string | null;
}

/** A component or service shown on the page. `currentImpactId` is its current impact/status where the provider says. */
export interface Component {
  id: string;
  name: string;
  currentImpactId: string | null;
}

/** Everything the form offers for one kind of post on one page. */
export interface PostOptions {
  statuses: Choice[];
  /** Empty when the provider has no severity on updates. */
  severities: Choice[];
  /** Impact levels a component can be given (PagerDuty impacts; component statuses elsewhere). */
  impacts: Choice[];
  components: Component[];
}

export interface ComponentImpact {
  componentId: string;
  impactId: string;
}

/** One entry of a post's public timeline. */
export interface TimelineEntry {
  id: string;
  postId: string;
  /** The message as the provider stores it (rendered: HTML for PagerDuty, markdown for DevHelm). */
  message: string;
  statusId: string | null;
  reportedAt: string | null;
  /** The severity the entry set, where updates carry one (PagerDuty); absent elsewhere. */
  severityId?: string | null;
  /** The impacts the entry declared, where updates list them (PagerDuty); absent elsewhere. */
  impacts?: ComponentImpact[];
  /** When the entry said the next update would come, in milliseconds after it, where it set one (PagerDuty's update_frequency_ms). */
  nextUpdateMs?: number;
}

/** One HTTP exchange with a provider, for the audit trail. Never contains credentials. */
export interface ProviderExchange {
  method: string;
  url: string;
  requestBody: unknown;
  status: number | null;
  responseBody: unknown;
  durationMs: number;
  /** Set when no response arrived (timeout, reset, refused). */
  errorCode: string | null;
}

export interface CallOptions {
  /** Called once per HTTP exchange, retries included. */
  onExchange?: (exchange: ProviderExchange) => void;
}
