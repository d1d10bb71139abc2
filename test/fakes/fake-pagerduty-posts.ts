import { pagerDutyError, readPostUpdate, type ApiAnswer, type PostUpdateBody, type Views } from './fake-pagerduty-api.js';
import type { FakePagerDutyState, FakePost, FakePostType, FakeStatusPage } from './fake-pagerduty-state.js';

// `POST /status_pages/{id}/posts` and `PUT .../posts/{post_id}`: a post is created with its first update(s)
// in one request, and replaced whole (title, type, window). The bodies passed the contract already; here
// the ids must exist on the page for that kind of post, and a maintenance must have a window that ends
// after it starts.

interface NewPostBody {
  post: {
    title: string;
    post_type: FakePostType;
    starts_at: string | null;
    ends_at: string | null;
    status_page: { id: string };
    updates: Omit<PostUpdateBody['post_update'], 'post'>[];
  };
}

interface PutPostBody {
  post: { title: string; post_type: FakePostType; starts_at: string | null; ends_at: string | null; status_page: { id: string } };
}

export function createPost(state: FakePagerDutyState, view: Views, page: FakeStatusPage, body: unknown): ApiAnswer {
  const request = (body as NewPostBody).post;
  const errors = windowErrors(request, page);
  const candidate: FakePost = {
    id: state.nextId(),
    pageId: page.id,
    title: request.title,
    postType: request.post_type,
    statusId: '',
    startsAt: request.starts_at ? new Date(request.starts_at).toISOString() : null,
    endsAt: request.ends_at ? new Date(request.ends_at).toISOString() : null,
  };
  const updates = request.updates.map((update) => readPostUpdate(state, page, candidate, { ...update, post: { id: candidate.id } }));
  errors.push(...updates.flatMap((update) => update.errors));
  if (errors.length > 0) return pagerDutyError(400, 'Invalid Input Provided', errors);
  state.posts.set(candidate.id, candidate);
  const reportedAt = new Date().toISOString();
  for (const { fields } of updates) state.addUpdate({ pageId: page.id, postId: candidate.id, ...fields, reportedAt });
  return { status: 201, body: { post: view.post(candidate, state.updatesOf(candidate.id)) } };
}

export function replacePost(state: FakePagerDutyState, view: Views, page: FakeStatusPage, post: FakePost, body: unknown): ApiAnswer {
  const request = (body as PutPostBody).post;
  const errors = windowErrors(request, page);
  if (request.post_type !== post.postType) errors.push('A post cannot change its post_type');
  if (errors.length > 0) return pagerDutyError(400, 'Invalid Input Provided', errors);
  post.title = request.title;
  post.startsAt = request.starts_at ? new Date(request.starts_at).toISOString() : null;
  post.endsAt = request.ends_at ? new Date(request.ends_at).toISOString() : null;
  return { status: 200, body: { post: view.post(post, state.updatesOf(post.id)) } };
}

function windowErrors(request: PutPostBody['post'], page: FakeStatusPage): string[] {
  const errors: string[] = [];
  if (request.status_page.id !== page.id) errors.push(`Status page ${request.status_page.id} does not match the page in the path`);
  if (request.post_type === 'maintenance') {
    if (!request.starts_at || !request.ends_at) errors.push('A maintenance needs starts_at and ends_at');
    else if (Date.parse(request.ends_at) <= Date.parse(request.starts_at)) errors.push('ends_at must be after starts_at');
  }
  return errors;
}
