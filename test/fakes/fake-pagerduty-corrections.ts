import { pagerDutyError, readPostUpdate, type ApiAnswer, type PostUpdateBody, type Views } from './fake-pagerduty-api.js';
import type { FakePagerDutyState, FakePost, FakeStatusPage } from './fake-pagerduty-state.js';

// `PUT .../post_updates/{id}`: the real API replaces the entry's fields in place, under the same id and
// at the same place in the timeline; no entry is added. The body passed the contract already (every field
// required there); here its ids must exist on the page, as for a new update.

export function replacePostUpdate(
  state: FakePagerDutyState,
  page: FakeStatusPage,
  post: FakePost,
  updateId: string,
  body: unknown,
  view: Views['postUpdate'],
): ApiAnswer {
  const stored = state.updates.find((candidate) => candidate.id === updateId && candidate.postId === post.id);
  if (!stored) return pagerDutyError(404, 'Not Found', [`Post update ${updateId} not found`]);
  const update = (body as PostUpdateBody).post_update;
  const { errors, fields } = readPostUpdate(state, page, post, update);
  if (errors.length > 0) return pagerDutyError(400, 'Invalid Input Provided', errors);
  // Without a reported_at the entry keeps its place in the timeline.
  Object.assign(stored, fields, update.reported_at ? { reportedAt: new Date(update.reported_at).toISOString() } : {});
  return { status: 200, body: { post_update: view(stored) } };
}
