import { ProviderError } from '../provider-error.js';
import type { CallOptions, Post } from '../provider.js';
import { parseIncident, toPost } from './mapping.js';
import type { DevHelmRequest } from './open-post.js';
import { parsePostId, postPath } from './post-ids.js';

// What follows an opening on DevHelm: making a review-mode draft public, and moving a maintenance's end.
// Both reach an incident or a maintenance window alike, by its post id (post-ids.ts).

/** `POST .../publish`. A post already public answers 409 there; publishing twice must be harmless, so the post is read instead. */
export async function publishDevHelmDraft(request: DevHelmRequest, pageId: string, post: Post, callOptions?: CallOptions): Promise<Post> {
  const path = postPath(pageId, post.id);
  const { resource } = parsePostId(post.id);
  try {
    const response = await request({ method: 'POST', path: `${path}/publish`, body: {}, onExchange: callOptions?.onExchange });
    return toPost(parseIncident(response.body), resource);
  } catch (error) {
    if (!(error instanceof ProviderError) || error.status !== 409) throw error;
    const read = await request({ method: 'GET', path, onExchange: callOptions?.onExchange });
    const current = parseIncident(read.body);
    if (current.publishedAt === null) throw error;
    return toPost(current, resource);
  }
}

/**
 * `PUT` with the new `scheduledUntil`. The vendored contract's incident PUT does not list that field, and a
 * server that ignores it answers 200 with the old end: the answer is checked, so a window that did not move
 * is an error, never a silent success.
 */
export async function extendDevHelmWindow(
  request: DevHelmRequest,
  pageId: string,
  post: Post,
  endsAt: Date,
  callOptions?: CallOptions,
): Promise<void> {
  const response = await request({
    method: 'PUT',
    path: postPath(pageId, post.id),
    body: { scheduledUntil: endsAt.toISOString() },
    onExchange: callOptions?.onExchange,
  });
  const answered = parseIncident(response.body).scheduledUntil;
  if (!answered || Date.parse(answered) !== endsAt.getTime()) {
    const providerMessage = 'DevHelm kept the maintenance window as it was: this server does not move the end of a scheduled incident.';
    throw new ProviderError(`DevHelm PUT ${postPath(pageId, post.id)}: ${providerMessage}`, {
      provider: 'devhelm',
      kind: 'rejected',
      providerMessage,
    });
  }
}
