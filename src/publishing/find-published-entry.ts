import type { CallOptions, Provider, PublishRequest, TimelineEntry } from '../providers/provider.js';

// No status-page API offers an idempotency key. When a publish may or may not have landed (a timeout
// after sending, a reset, a 500, or a publisher that died mid-request), Herald reads the post's
// timeline and looks for its own entry before ever sending again.

/** How far before the first attempt an entry's timestamp may lie (clock skew between us and the provider). */
const CLOCK_SKEW_MS = 2 * 60_000;

export function isOurEntry(entry: TimelineEntry, expected: { renderedMessage: string; statusId: string; notBefore: Date }): boolean {
  if (entry.message.trim() !== expected.renderedMessage.trim()) return false;
  if (entry.statusId !== null && entry.statusId !== expected.statusId) return false;
  if (entry.reportedAt === null) return true;
  return new Date(entry.reportedAt).getTime() >= expected.notBefore.getTime() - CLOCK_SKEW_MS;
}

/** The entry this request created, if it is on the timeline. */
export async function findPublishedEntry(
  provider: Provider,
  request: PublishRequest,
  firstAttemptAt: Date,
  options?: CallOptions,
): Promise<TimelineEntry | null> {
  const timeline = await provider.listTimeline(request.pageId, request.postId, options);
  const expected = {
    renderedMessage: provider.renderMessage(request.message),
    statusId: request.statusId,
    // A back-dated update carries its own reported_at: compare against that instead.
    notBefore: request.reportedAt ?? firstAttemptAt,
  };
  return timeline.find((entry) => isOurEntry(entry, expected)) ?? null;
}
