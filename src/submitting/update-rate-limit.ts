// How many updates one person may submit to one incident in a minute (HERALD_MAX_UPDATES_PER_MINUTE). A
// sliding window over stored submissions: what counts is what was stored in the last minute and did not
// fail (a refused or failed publish should not stop its author from trying again). The same submit
// repeated (a double click, a replayed request) is one stored submission, so it counts once.

export const UPDATE_RATE_WINDOW_MS = 60_000;

export type UpdateRateDecision = { allowed: true } | { allowed: false; limit: number; retryAt: Date };

/**
 * `recent`: when the author's counted submissions to this post were stored within the window (any order;
 * only the `limit` newest matter). Refused when `limit` of them are already there; one more may be sent
 * once the oldest of those leaves the window.
 */
export function decideUpdateRate(recent: readonly Date[], limit: number): UpdateRateDecision {
  if (limit <= 0 || recent.length < limit) return { allowed: true };
  const newestFirst = [...recent].sort((a, b) => b.getTime() - a.getTime());
  const leavesLast = newestFirst[limit - 1]!;
  return { allowed: false, limit, retryAt: new Date(leavesLast.getTime() + UPDATE_RATE_WINDOW_MS) };
}

/** What the author reads under the message field: the limit, that nothing was lost, and when to try again. */
export function describeUpdateRateLimit(decision: { limit: number; retryAt: Date }, now: Date, incident = 'this incident'): string {
  const seconds = Math.max(1, Math.ceil((decision.retryAt.getTime() - now.getTime()) / 1000));
  const updates = decision.limit === 1 ? 'update' : 'updates';
  return `You can publish at most ${decision.limit} ${updates} a minute to ${incident}. Nothing was published and your text is kept: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
