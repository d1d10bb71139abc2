import type { OpenedPost, OpenRequest } from '../opening.js';
import type { CallOptions, PostKind, TimelineEntry } from '../provider.js';
import { type PagerDutyPost, toPost } from './mapping.js';
import { renderPagerDutyMessage } from './render-message.js';

// PagerDuty keeps nothing of Herald's on a post, so a create that may have landed is recognised by what it
// carried: the same title and kind, whose first update was written within ten minutes of the send and holds
// the same rendered message. Two responders may open the same post minutes apart: of the posts that match,
// the one written nearest the send is this send's, so a second create never takes the first one's post for
// its own (and leaves its own on the page, unknown to Herald).

/** A send and the post it created are never further apart than this. */
export const OPENED_WITHIN_MS = 10 * 60 * 1000;

export interface PagerDutyPostReader {
  /** The page's posts of one kind. */
  listPosts(pageId: string, kind: PostKind, callOptions?: CallOptions): Promise<PagerDutyPost[]>;
  listTimeline(pageId: string, postId: string, callOptions?: CallOptions): Promise<TimelineEntry[]>;
}

export async function findOpenedPagerDutyPost(
  reader: PagerDutyPostReader,
  request: OpenRequest,
  sentAt: Date,
  pageUrl: string | null,
  callOptions?: CallOptions,
): Promise<OpenedPost | null> {
  const message = renderPagerDutyMessage(request.message);
  const candidates = (await reader.listPosts(request.pageId, request.kind, callOptions)).filter(
    (post) => post.title === request.title && (post.post_type ?? 'incident') === request.kind,
  );
  let nearest: { found: OpenedPost; distanceMs: number } | null = null;
  for (const candidate of candidates) {
    const timeline = await reader.listTimeline(request.pageId, candidate.id, callOptions);
    const first = timeline.at(-1);
    const distanceMs = first ? distanceFrom(first.reportedAt, sentAt) : Number.NaN;
    if (!first || first.message !== message || !(distanceMs <= OPENED_WITHIN_MS)) continue;
    if (nearest === null || distanceMs < nearest.distanceMs) {
      nearest = { found: { post: toPost(candidate, pageUrl), entry: first, awaitingPublish: false }, distanceMs };
    }
  }
  return nearest?.found ?? null;
}

/** How far from the send the entry was written, either way (the two clocks may differ); NaN when unknown. */
function distanceFrom(reportedAt: string | null, sentAt: Date): number {
  const at = reportedAt ? Date.parse(reportedAt) : Number.NaN;
  return Math.abs(at - sentAt.getTime());
}
