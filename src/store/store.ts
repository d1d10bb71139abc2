import type { UpdateDraft } from '../updates/draft.js';

// The outbox and audit trail. A submission is stored before the modal is acknowledged, so nothing a
// responder submitted is lost to a crash; its state moves pending -> publishing -> published | failed.

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
  createdAt: Date;
  updatedAt: Date;
}

/** One HTTP exchange with the provider made while publishing: the audit trail. */
export interface AttemptRecord {
  submissionId: string;
  method: string;
  url: string;
  requestBody: unknown;
  responseStatus: number | null;
  responseBody: unknown;
  errorCode: string | null;
  startedAt: Date;
  durationMs: number;
}

export interface StoredAttempt extends AttemptRecord {
  id: number;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Inserts, or returns the existing submission with the same key (`created: false`). */
  saveSubmission(submission: NewSubmission): Promise<{ submission: Submission; created: boolean }>;
  getSubmission(id: string): Promise<Submission | null>;
  /**
   * Takes the submission for publishing when it is pending, or publishing with an expired lease
   * (its publisher died). Returns null when someone else holds it or it is finished.
   */
  claimSubmission(id: string, leaseMs: number, now?: Date): Promise<Submission | null>;
  /** Submissions a publisher should finish: pending, publishing with an expired lease, or published without an echo. */
  listUnfinished(now?: Date): Promise<Submission[]>;
  recordAttempt(attempt: AttemptRecord): Promise<void>;
  listAttempts(submissionId: string): Promise<StoredAttempt[]>;
  markPublished(id: string, entryId: string, publishedAt: Date): Promise<void>;
  markFailed(id: string, failure: PublishFailure): Promise<void>;
  /** Records whether the echo reached the channel, so a restart never posts it twice. */
  markEchoed(id: string, echo: { state: EchoState; ts: string | null }): Promise<void>;
  setViewId(id: string, viewId: string | null): Promise<void>;
  close(): Promise<void>;
}
