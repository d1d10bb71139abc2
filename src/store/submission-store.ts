import type { NewSubmission, PublishFailure, Submission, EchoState } from '../updates/submission.js';
import type { NewGroupMember } from './submission-groups.js';
import type { AttemptRecord, StoredAttempt } from './audit-trail.js';

export interface SavedSubmission {
  submission: Submission;
  /** False when a submission with the same key was stored already (a double click, a replayed request). */
  created: boolean;
}

// The outbox and audit trail. A submission is stored before the modal is acknowledged, so nothing a
// responder submitted is lost to a crash; its state moves pending -> publishing -> published | failed, and it
// is finished once its author has been told the outcome (`notifiedAt`).
//
// Leases: from the claim until the author is told, one publisher holds the submission under a lease named
// after its store (`Stores.ownerId`, one per process). Another may take it over when the lease has expired,
// or at once when the owner's process is gone (PostgreSQL: the owner's session lock is free).

/** What opening a post gave: the post, as the provider named it, and its first timeline entry. */
export interface OpenedRecord {
  post: { id: string; title: string; url: string | null };
  entryId: string;
  /** The page keeps it as a draft until published (see UpdateDraft's opening.awaitingPublish). */
  awaitingPublish: boolean;
}

/** One person's submissions to one incident or maintenance. */
export interface RecentSubmissionsOf {
  userId: string;
  provider: string;
  pageId: string;
  postId: string;
}

export interface ClaimOptions {
  /**
   * Also take submissions whose unexpired lease is this store's own. Only for a caller that knows no run of
   * its own still works on them (the publisher's in-flight set), such as a run stopped by a store outage.
   */
  takeBackOwn?: boolean;
}

export interface SubmissionStore {
  readonly engine: 'sqlite' | 'postgres';
  /** Names this store's leases: unique to this open store, so to this process. */
  readonly ownerId: string;
  /** Inserts, or returns the existing submission with the same key (`created: false`). `now` (default: the time) becomes createdAt. */
  saveSubmission(submission: NewSubmission, now?: Date): Promise<{ submission: Submission; created: boolean }>;
  /**
   * Stores one submit in one transaction: its group (when it went to several pages) and a submission per page,
   * each inserted or found by its key as saveSubmission does, in order. All of it is stored, or none of it.
   */
  saveSubmit(submit: { submissions: readonly NewSubmission[]; group: readonly NewGroupMember[] }, now?: Date): Promise<SavedSubmission[]>;
  getSubmission(id: string): Promise<Submission | null>;
  /** The submission stored under this key (see NewSubmission.key), if any. */
  findSubmissionByKey(key: string): Promise<Submission | null>;
  /**
   * When this author's submissions to one post were stored, newest first, at most `limit` of them: those
   * created at or after `since` that did not fail. What the update rate limit counts (updates/update-rate-limit.ts).
   */
  recentSubmissionTimes(author: RecentSubmissionsOf, since: Date, limit: number): Promise<Date[]>;
  /**
   * Takes the submission under a lease owned by this store, when there is work left and the lease is free:
   * pending (becomes publishing, attempt counted); publishing, or published/failed but not yet notified, whose
   * lease expired, is already ours, or belongs to a process that is gone. Published/failed keep their state
   * (only telling the author is left). Returns null when someone else holds it or it is finished.
   */
  claimSubmission(id: string, leaseMs: number, now?: Date, options?: ClaimOptions): Promise<Submission | null>;
  /** Extends our lease; false when it is no longer ours (taken over, or finished). */
  renewLease(id: string, leaseMs: number, now?: Date): Promise<boolean>;
  /**
   * Ids of the submissions a publisher should finish now (those `claimSubmission` would take), oldest first.
   * Ids only, so that one unreadable row cannot hold up the others: it fails alone, when claimed.
   */
  listUnfinished(now?: Date, options?: ClaimOptions): Promise<string[]>;
  /** How many submissions are not finished yet (their author not yet told): the unfinished-submissions gauge. */
  countUnfinished(): Promise<number>;
  recordAttempt(attempt: AttemptRecord): Promise<void>;
  listAttempts(submissionId: string): Promise<StoredAttempt[]>;
  /**
   * Drops the request and response bodies of at most `limit` exchanges that started before `before`, oldest
   * first, keeping their outcome (status, error code, duration). How many it pruned.
   */
  pruneAuditBodies(before: Date, limit: number): Promise<number>;
  /**
   * Records the entry; the lease is kept until the author is told (`markNotified`). `reminderDueAt`: the update
   * promised a next one by then, and its reminder is scheduled in the same transaction (see reminder-store.ts).
   */
  markPublished(id: string, entryId: string, publishedAt: Date, reminderDueAt?: Date | null): Promise<void>;
  /**
   * Records the post a submission opened, as markPublished records an update: the draft's post and the row's
   * post id take the opened post's (so from here on it reads as an ordinary published update to that post),
   * and the channel it was opened from is linked to the post, all in one transaction.
   */
  markOpened(id: string, opened: OpenedRecord, publishedAt: Date, reminderDueAt?: Date | null): Promise<void>;
  /** A post opened as a draft (markOpened's awaitingPublish) is now public. */
  markDraftPublished(id: string): Promise<void>;
  /** The maintenance this submission opened now ends at `endsAt` (its window was extended). */
  markWindowExtended(id: string, endsAt: Date): Promise<void>;
  /** Records why; the lease is kept until the author is told (`markNotified`). */
  markFailed(id: string, failure: PublishFailure): Promise<void>;
  /** Records whether the echo reached the channel, so a restart never posts it twice. */
  markEchoed(id: string, echo: { state: EchoState; ts: string | null }): Promise<void>;
  /** The author has been told the outcome: the submission is finished and its lease released. */
  markNotified(id: string, at: Date): Promise<void>;
  setViewId(id: string, viewId: string | null): Promise<void>;
  /** A trivial query: resolves when the database answers (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
