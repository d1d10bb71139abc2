import type { CallOptions, ComponentImpact, Post, PostKind, PostOptions, TimelineEntry } from './provider-records.js';

// Opening a post on a status page: a new incident, or a scheduled maintenance, with its first update. No
// provider takes an idempotency key, so a create that may have landed is looked for (`findOpenedPost`)
// before it is ever sent again.

/** A maintenance's window, as the create form took it. */
export interface MaintenanceWindow {
  startsAt: Date;
  endsAt: Date;
  /** Let the page start the maintenance at `startsAt` (see OpeningCapabilities.automaticStart). */
  startAutomatically: boolean;
  /** Let the page complete the maintenance at `endsAt` (see OpeningCapabilities.automaticCompletion). */
  completeAutomatically: boolean;
  /** Set the affected components to "under maintenance" for the window (see OpeningCapabilities.componentsToMaintenance). */
  componentsToMaintenance: boolean;
}

/** One post to open, in the provider's own ids (as PublishRequest is for an update). */
export interface OpenRequest {
  pageId: string;
  kind: PostKind;
  title: string;
  statusId: string;
  /**
   * The post's severity or impact, where the provider takes one when opening (PagerDuty: the first update's
   * severity; DevHelm: the incident's impact; Statuspage: `impact_override`); null for none.
   */
  severityId: string | null;
  /** CommonMark, rendered by the provider as it renders an update's message. */
  message: string;
  impacts: ComponentImpact[];
  notifySubscribers: boolean;
  /** When the next update is due, in milliseconds from now; null for none. */
  nextUpdateMs: number | null;
  /** Set exactly when `kind` is maintenance. */
  window: MaintenanceWindow | null;
  /** Herald's id for this create; kept on the post where the provider has room for it (Statuspage metadata). */
  reference: string;
}

export interface OpenedPost {
  post: Post;
  /** The post's first update, as its timeline shows it. */
  entry: TimelineEntry;
  /** Created but not public until `publishDraft` (a DevHelm page in review mode). */
  awaitingPublish: boolean;
}

export interface OpeningCapabilities {
  /** The longest title the provider takes (PagerDuty 128, Statuspage 255, DevHelm 500). */
  titleMaxLength: number;
  /** Maintenance has statuses of its own; false: it takes the incident statuses (DevHelm). */
  maintenanceStatuses: boolean;
  /** The page can start a maintenance at its window's start by itself. */
  automaticStart: boolean;
  /** The page can complete a maintenance at its window's end by itself. */
  automaticCompletion: boolean;
  /** The page can set the affected components to "under maintenance" for the window. */
  componentsToMaintenance: boolean;
}

/** What a provider does to open, extend and publish posts. Every Provider is one (provider.ts). */
export interface PostOpener {
  readonly opening: OpeningCapabilities;
  /**
   * What the create form offers for one kind on one page: the statuses a new post may take (maintenance: the
   * maintenance statuses, or the incident statuses where it has none), the severity or impact it may be
   * opened with (empty: none), the component impacts, the components.
   */
  loadOpenOptions(pageId: string, kind: PostKind): Promise<PostOptions>;
  openPost(request: OpenRequest, options?: CallOptions): Promise<OpenedPost>;
  /**
   * The post this request opened, if a send that may have landed did: read back from the page's recent posts
   * (Statuspage: the reference in its metadata; elsewhere the same title, created within 10 minutes of
   * `sentAt`, whose first update carries the same message). Null when it is not there.
   */
  findOpenedPost(request: OpenRequest, sentAt: Date, options?: CallOptions): Promise<OpenedPost | null>;
  /** Moves a maintenance's end (`endsAt`): the window is extended, or shortened. */
  extendWindow(pageId: string, post: Post, endsAt: Date, options?: CallOptions): Promise<void>;
  /** Makes a post opened as a draft public (`OpenedPost.awaitingPublish`); publishing one twice is harmless. */
  publishDraft(pageId: string, post: Post, options?: CallOptions): Promise<Post>;
}
