import type { UpdateDraft } from './draft.js';

// A submission is one update someone submitted, as Herald keeps it: stored (the outbox) before the modal is
// acknowledged, then moved pending -> publishing -> published | failed, and finished once its author has been
// told the outcome (`notifiedAt`). These are the domain's words for it; store/ keeps them.

export type SubmissionState = 'pending' | 'publishing' | 'published' | 'failed';
export type EchoState = 'pending' | 'posted' | 'failed';

/** Why publishing failed, in words for the user and in terms for the code. */
export interface PublishFailure {
  kind: string;
  /** Plain words for the person who submitted. */
  message: string;
  status?: number | undefined;
  requestId?: string | undefined;
}

/** Where the update came from in Slack: who, which channel, and how to reach them back. */
export interface SubmissionOrigin {
  teamId: string | null;
  userId: string;
  channelId: string;
  /** The slash command's response_url: reaches private channels the bot is not in. */
  responseUrl: string | null;
  /** The modal, while it is open. */
  viewId: string | null;
}

export interface NewSubmission extends SubmissionOrigin {
  /** Identifies one submit of one modal state: the same key twice publishes once. */
  key: string;
  draft: UpdateDraft;
}

export interface Submission extends NewSubmission {
  id: string;
  state: SubmissionState;
  attemptCount: number;
  failure: PublishFailure | null;
  /** The provider's id for the published timeline entry. */
  entryId: string | null;
  publishedAt: Date | null;
  echoState: EchoState;
  /** Slack message ts of the echo, once posted. */
  echoTs: string | null;
  /** While a publisher holds the submission, no other may take it. */
  leaseUntil: Date | null;
  /** The `Stores.ownerId` of the publisher holding the lease. */
  leaseOwner: string | null;
  /** When the author was told the outcome (the echo and result view, or the failure notice); null until then. */
  notifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
