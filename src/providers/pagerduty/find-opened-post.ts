import type { OpenedPost, OpenRequest } from '../opening.js';
import type { CallOptions, PostKind, TimelineEntry } from '../provider.js';
import { type PagerDutyPost, toPost } from './mapping.js';
import { renderPagerDutyMessage } from './render-message.js';

// PagerDuty keeps nothing of Herald's on a post, so a create that may have landed is recognised by what it
// carried: the same title and kind, whose first update was written within ten minutes of the send and holds
// the same rendered message.

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
  for (const candidate of candidates) {
    const timeline = await reader.listTimeline(request.pageId, candidate.id, callOptions);
    const first = timeline.at(-1);
    if (first && first.message === message && isNear(first.reportedAt, sentAt)) {
      return { post: toPost(candidate, pageUrl), entry: first, awaitingPublish: false };
    }
  }
  return null;
}

function isNear(reportedAt: string | null, sentAt: Date): boolean {
  const at = reportedAt ? Date.parse(reportedAt) : Number.NaN;
  return !Number.isNaN(at) && Math.abs(at - sentAt.getTime()) <= OPENED_WITHIN_MS;
}
