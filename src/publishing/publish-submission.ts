import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger.js';
import type { HeraldMetrics } from '../observability/metrics.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { OpenedPost } from '../providers/opening.js';
import type { CallOptions, Provider } from '../providers/provider.js';
import { ProviderError } from '../providers/provider-error.js';
import type { SubmissionStore } from '../store/submission-store.js';
import { opensPost } from '../updates/draft.js';
import { toOpenRequest, toPublishRequest } from '../updates/to-publish-request.js';
import { type AnnouncementDependencies, announceSubmission } from './announce-submission.js';
import { describeFailure, describeNotConfigured, describeUnconfirmed } from './describe-failure.js';
import { recordExchange } from './exchange-trail.js';
import { findPublishedEntry } from './find-published-entry.js';
import { holdSubmissionLease, LeaseError, type SubmissionLease } from './lease.js';
import type { EchoState, PublishFailure, Submission } from '../updates/submission.js';

/** Where the outcome goes in Slack. Implemented at the Slack edge; the publisher only decides. */
export interface OutcomeNotifier {
  /** Posts the published entry into the incident channel (or says why it could not). */
  deliverEcho(submission: Submission): Promise<{ state: EchoState; ts: string | null }>;
  /** The author's result; called once the echo is recorded, so whatever follows it (the channel summary) never repeats the echo. */
  showPublished(submission: Submission, echo: { state: EchoState }): Promise<void>;
  showFailed(submission: Submission): Promise<void>;
}

export interface PublishTiming {
  /** How long a claim holds a submission without being renewed. */
  leaseMs: number;
  /** How often the lease is renewed while a submission is worked on. */
  heartbeatMs: number;
  /**
   * How long to let a request that may still be on its way settle before reading the timeline to see whether
   * it landed (after an ambiguous failure, or when taking over from a publisher that died mid-request).
   */
  settleMs: number;
}

export interface PublishDependencies extends PublishTiming {
  submissions: SubmissionStore;
  catalog: ProviderCatalog;
  notifier: OutcomeNotifier;
  logger: Logger;
  now: () => Date;
  /** Counts outcomes and provider latency; absent in tests that do not look at them. */
  metrics?: HeraldMetrics | undefined;
  /** Announcement channels (docs/announcements.md); absent: nothing is announced. */
  announcing?: AnnouncementDependencies | undefined;
}

/** Sends of one update, counting the first: only ever repeated once the timeline showed it is not there. */
const MAX_SENDS = 3;
/** Reads of the timeline before giving up on finding out whether a send landed. */
const MAX_TIMELINE_READS = 5;

/**
 * Publishes one stored submission exactly once and tells its author the outcome. Safe to call again for the
 * same submission at any point: the claim keeps publishers apart, every send happens under a lease checked
 * just before, and the timeline is read before any send that might repeat an earlier one.
 * `claimAsOf` moves the claim's clock forward: to take over leases a dead process left (see Publisher).
 * Throws only when the store or Slack fails; the submission then stays unfinished, to be resumed.
 */
export async function publishSubmission(deps: PublishDependencies, submissionId: string, claimAsOf?: Date): Promise<void> {
  const claimed = await deps.submissions.claimSubmission(submissionId, deps.leaseMs, claimAsOf ?? deps.now(), { takeBackOwn: true });
  if (!claimed) return; // another publisher holds it, or it is finished

  const lease = holdSubmissionLease(deps, submissionId);
  try {
    let submission = claimed;
    if (submission.state === 'publishing') submission = await publish(deps, submission, lease);
    await tellAuthor(deps, submission);
  } finally {
    lease.release();
  }
}

/** Sends the update (or finds it already sent) and records the outcome; returns the submission as it now is. */
async function publish(deps: PublishDependencies, submission: Submission, lease: SubmissionLease): Promise<Submission> {
  const { submissions: store, logger, draft } = { ...deps, draft: submission.draft };
  const action = opensPost(draft) ? 'open' : 'publish';
  const fail = async (failure: PublishFailure, error: unknown): Promise<Submission> => {
    logger.warn({ err: error, failure: failure.kind }, action === 'open' ? 'opening the post failed' : 'publishing failed');
    deps.metrics?.failed(draft.provider, failure.kind);
    await lease.confirm(); // a publisher that took over may yet succeed: the outcome is its to record
    await store.markFailed(submission.id, failure);
    return { ...submission, state: 'failed', failure };
  };
  let provider: Provider;
  try {
    provider = deps.catalog.provider(draft.provider);
  } catch (error) {
    // Submitted for a provider this Herald no longer has (its token was removed), or from an altered form.
    return fail(describeNotConfigured(error), error);
  }
  const callOptions = auditTrail(deps, submission);

  let sent: { entryId: string; opened: OpenedPost | null };
  try {
    if (opensPost(draft)) {
      const request = toOpenRequest(draft, submission.id);
      const opened = await sendOnce(deps, submission, lease, {
        send: () => provider.openPost(request, callOptions),
        find: () => provider.findOpenedPost(request, submission.createdAt, callOptions),
      });
      sent = { entryId: opened.entry.id, opened };
    } else {
      const request = toPublishRequest(draft);
      const entry = await sendOnce(deps, submission, lease, {
        send: () => provider.publishUpdate(request, callOptions),
        find: () => findPublishedEntry(provider, request, submission.createdAt, callOptions),
      });
      sent = { entryId: entry.id, opened: null };
    }
  } catch (error) {
    if (error instanceof LeaseError) throw error; // not an outcome: left to whoever holds the lease
    return fail(
      error instanceof UnconfirmedPublishError ? describeUnconfirmed(provider.name, action) : describeFailure(error, provider.name, action),
      error,
    );
  }

  const publishedAt = deps.now();
  const { nextUpdateMinutes } = draft;
  // The reminder it promised is scheduled with it: the reminder worker reads what is due, nothing else.
  const reminderDueAt = nextUpdateMinutes === null ? null : new Date(publishedAt.getTime() + nextUpdateMinutes * 60_000);
  let published: Submission = { ...submission, state: 'published', entryId: sent.entryId, publishedAt };
  if (sent.opened) {
    const { post, awaitingPublish } = sent.opened;
    await store.markOpened(submission.id, { post, entryId: sent.entryId, awaitingPublish }, publishedAt, reminderDueAt);
    published = {
      ...published,
      draft: {
        ...draft,
        post: { ...draft.post, id: post.id, title: post.title, url: post.url },
        ...(draft.opening ? { opening: { ...draft.opening, awaitingPublish } } : {}),
      },
    };
  } else {
    await store.markPublished(submission.id, sent.entryId, publishedAt, reminderDueAt);
  }
  deps.catalog.forgetPage(draft.provider, draft.page.id);
  logger.info({ entryId: sent.entryId, provider: provider.id }, action === 'open' ? 'post opened' : 'update published');
  deps.metrics?.published(provider.id);
  return published;
}

/** Sending one thing to a provider, and finding it there when a send may have landed. */
interface Sending<T> {
  send(): Promise<T>;
  /** What an earlier send created, if it is on the page; null when it is not. */
  find(): Promise<T | null>;
}

/**
 * Sends once, or finds it sent: an earlier publisher may have sent it and died before recording the outcome (the
 * submission was claimed before), and a send that may have landed is looked for before it is ever repeated.
 */
async function sendOnce<T>(deps: PublishDependencies, submission: Submission, lease: SubmissionLease, sending: Sending<T>): Promise<T> {
  let result = submission.attemptCount > 1 ? await confirm(deps, sending) : null;
  for (let send = 1; result === null; send += 1) {
    await lease.confirm(); // never send for a submission another publisher has taken over
    try {
      result = await sending.send();
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      deps.logger.warn({ err: error }, 'send outcome unknown; reading the page before sending again');
      result = await confirm(deps, sending);
      if (result === null && send >= MAX_SENDS) throw notOnTimeline(error);
    }
  }
  return result;
}

/** The echo and the result view, or the failure notice; then the submission is finished. */
async function tellAuthor(deps: PublishDependencies, submission: Submission): Promise<void> {
  if (submission.state === 'published') {
    let echo = { state: submission.echoState, ts: submission.echoTs };
    if (echo.state === 'pending') {
      echo = await deps.notifier.deliverEcho(submission);
      await deps.submissions.markEchoed(submission.id, echo);
    }
    await deps.notifier.showPublished({ ...submission, echoState: echo.state, echoTs: echo.ts }, echo);
    // After the author has their result; before the submission is finished, so a crash here comes back to it.
    if (deps.announcing) await announceSubmission(deps.announcing, submission);
  } else if (submission.state === 'failed') {
    await deps.notifier.showFailed(submission);
  } else {
    return;
  }
  await deps.submissions.markNotified(submission.id, deps.now());
}

/**
 * Whether what was sent is on the page: after letting a request that may still be travelling settle, and
 * reading again when the read itself fails. Throws UnconfirmedPublishError when the page stays unreadable.
 */
async function confirm<T>(deps: PublishDependencies, sending: Sending<T>): Promise<T | null> {
  let lastError: unknown;
  for (let read = 1; read <= MAX_TIMELINE_READS; read += 1) {
    await sleep(deps.settleMs * read);
    try {
      return await sending.find();
    } catch (error) {
      lastError = error;
      deps.logger.warn({ err: error, read }, 'could not read the page to find what was sent');
    }
  }
  throw new UnconfirmedPublishError(lastError);
}

/**
 * A failed send that may have taken effect: the provider timed out or hung up after receiving it, said 500,
 * or answered in a way we could not read (its 2xx body was garbled; the update is likely live).
 */
function mayHaveLanded(error: unknown): boolean {
  return error instanceof ProviderError && (error.kind === 'ambiguous' || error.kind === 'invalid_response');
}

/** The last send's error, now known not to have landed: said as "not confirmed, and not there". */
function notOnTimeline(error: unknown): unknown {
  if (!(error instanceof ProviderError) || error.kind === 'ambiguous') return error;
  return new ProviderError(error.message, {
    provider: error.provider,
    kind: 'ambiguous',
    status: error.status,
    providerMessage: error.providerMessage,
    requestId: error.requestId,
    cause: error,
  });
}

function auditTrail(deps: PublishDependencies, submission: Submission): CallOptions {
  return {
    onExchange: (exchange) => {
      const outcome = exchange.status === null ? 'no_response' : `${Math.floor(exchange.status / 100)}xx`;
      deps.metrics?.providerRequest(submission.draft.provider, exchange.method, outcome, exchange.durationMs / 1000);
      recordExchange(deps, submission.id, exchange);
    },
  };
}

/** A publish whose outcome is unknown and whose timeline could not be read to find out. */
class UnconfirmedPublishError extends Error {
  constructor(cause: unknown) {
    super('publish unconfirmed and the timeline could not be read', { cause });
  }
}
