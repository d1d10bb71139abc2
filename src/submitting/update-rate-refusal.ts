import type { Logger } from '../observability/logger.js';
import type { SubmissionStore } from '../store/submission-store.js';
import type { UpdateDraft } from '../updates/draft.js';
import { decideUpdateRate, describeUpdateRateLimit, UPDATE_RATE_WINDOW_MS } from './update-rate-limit.js';

// Applies HERALD_MAX_UPDATES_PER_MINUTE to a submitted form, before it is stored. Not atomic with the save:
// two different forms submitted in the same instant by the same person may both pass at the limit's edge.
// That costs one extra update at most, and keeps the check a single indexed read.

export interface UpdateRateCheck {
  submissions: SubmissionStore;
  logger: Logger;
  /** Updates one person may submit to one post in a minute; 0 or unset: no limit. */
  limit: number | undefined;
}

export interface SubmitAttempt {
  /** The submission's idempotency key (one submit of one modal state). */
  key: string;
  userId: string;
  draft: UpdateDraft;
  /** How the refusal names the incident; "this incident" (the form's own) unless given. */
  incident?: string;
}

/** The words for the message field when this submit goes over the limit; null when it may go ahead. */
export async function updateRateRefusal(check: UpdateRateCheck, attempt: SubmitAttempt, now: Date): Promise<string | null> {
  const limit = check.limit ?? 0;
  if (limit <= 0) return null;
  const { draft } = attempt;
  let recent: Date[];
  try {
    recent = await check.submissions.recentSubmissionTimes(
      { userId: attempt.userId, provider: draft.provider, pageId: draft.page.id, postId: draft.post.id },
      new Date(now.getTime() - UPDATE_RATE_WINDOW_MS),
      limit,
    );
  } catch (error) {
    // Saving will need the same database next and says plainly what failed; the limit does not stand in its way.
    check.logger.warn({ err: error }, 'could not count recent submissions for the update rate limit');
    return null;
  }
  const decision = decideUpdateRate(recent, limit);
  if (decision.allowed) return null;
  // A double click or a replayed request of a counted submit is that same submission, not one more.
  if ((await check.submissions.findSubmissionByKey(attempt.key).catch(() => null)) !== null) return null;
  check.logger.info(
    { limit, provider: draft.provider, retryAt: decision.retryAt.toISOString() },
    'refused an update over the per-minute limit',
  );
  return describeUpdateRateLimit(decision, now, attempt.incident);
}
