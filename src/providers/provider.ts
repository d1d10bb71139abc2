// The one shape every status-page provider takes inside Herald. Providers know nothing about Slack;
// the form, the publisher and the echo only ever see these normalised types.

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

export interface ProviderCapabilities {
  /** Updates carry a severity. */
  severity: boolean;
  /** Updates may carry a "next update in" the status page shows. */
  nextUpdate: boolean;
  /** Updates may be back-dated with "reported at". */
  reportedAt: boolean;
  /**
   * Components the update does not name keep their status (DevHelm, Statuspage). The form then starts
   * each component at its current status (`Component.currentImpactId`) and `PublishRequest.impacts`
   * holds only the components the user changed. Unset or false (PagerDuty): an update lists every
   * impact it declares, and the form starts each component at "not affected".
   */
  componentsKeepUnlessChanged?: boolean;
  /**
   * A published update's text can be edited in place (`Provider.correctUpdate`): the same timeline entry
   * changes, no second one appears. Unset or false (DevHelm): a mistake is fixed by posting a new update.
   */
  corrections?: boolean;
}

export interface ComponentImpact {
  componentId: string;
  impactId: string;
}

/** One update to publish, in the provider's own ids. */
export interface PublishRequest {
  pageId: string;
  postId: string;
  postKind: PostKind;
  statusId: string;
  severityId: string | null;
  /**
   * The message as CommonMark, converted from the responder's Slack text before it reaches a provider; each
   * provider renders it safely for its page (renderMessage).
   */
  message: string;
  /** Only the components the update sets (with `componentsKeepUnlessChanged`: only those the user changed). */
  impacts: ComponentImpact[];
  notifySubscribers: boolean;
  /** When the next update is due, in milliseconds from now; null for none. */
  nextUpdateMs: number | null;
  /** Null: the provider's "now". */
  reportedAt: Date | null;
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

/** The published timeline entry a correction edits. */
export interface CorrectionTarget {
  pageId: string;
  postId: string;
  /** The entry's id, as `publishUpdate` returned it (Submission.entryId). */
  entryId: string;
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

export interface Provider {
  readonly id: ProviderId;
  /** "PagerDuty", shown to users. */
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  listPages(): Promise<StatusPage[]>;
  listOpenPosts(pageId: string): Promise<Post[]>;
  loadPostOptions(pageId: string, kind: PostKind): Promise<PostOptions>;
  publishUpdate(request: PublishRequest, options?: CallOptions): Promise<TimelineEntry>;
  /**
   * The message (CommonMark) as this provider stores it on the timeline (escaped HTML, markdown…). Publishing
   * uses it, and so do the preview and recognising our own entry on the timeline after an ambiguous failure.
   */
  renderMessage(markdown: string): string;
  /** The post's timeline, newest first: used to find out whether an ambiguous publish landed. */
  listTimeline(pageId: string, postId: string, options?: CallOptions): Promise<TimelineEntry[]>;
  /**
   * Replaces the text of a published entry with `markdown` (rendered as `publishUpdate` renders a message),
   * keeping its status, severity and services, without notifying subscribers again. Present exactly when
   * `capabilities.corrections` is true. Editing one entry by id: sending it twice cannot add an entry.
   */
  correctUpdate?(target: CorrectionTarget, markdown: string, options?: CallOptions): Promise<TimelineEntry>;
}

/** Whether the provider can edit a published entry in place (see `Provider.correctUpdate`). */
export function canCorrect(provider: Provider): provider is Provider & Required<Pick<Provider, 'correctUpdate'>> {
  return provider.capabilities.corrections === true && typeof provider.correctUpdate === 'function';
}
