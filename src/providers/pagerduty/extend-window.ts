import type { ProviderHttp } from '../http.js';
import type { CallOptions, Post } from '../provider.js';
import { parsePost } from './mapping.js';

// Moving a maintenance's end is `PUT /status_pages/{id}/posts/{post_id}`, whose body must be the whole post
// (title, type, both ends): the post is read first and sent back as it stands with only `ends_at` changed.

export async function extendPagerDutyWindow(
  http: ProviderHttp,
  pageId: string,
  target: Post,
  endsAt: Date,
  callOptions?: CallOptions,
): Promise<void> {
  const path = `status_pages/${encodeURIComponent(pageId)}/posts/${encodeURIComponent(target.id)}`;
  const read = await http.request({ method: 'GET', path, onExchange: callOptions?.onExchange });
  const current = parsePost(read.body, 'the post to extend is missing from the answer');
  await http.request({
    method: 'PUT',
    path,
    body: {
      post: {
        type: 'status_page_post',
        title: current.title ?? target.title,
        post_type: current.post_type ?? target.kind,
        starts_at: current.starts_at ?? null,
        ends_at: endsAt.toISOString(),
        status_page: { id: pageId, type: 'status_page' },
      },
    },
    onExchange: callOptions?.onExchange,
  });
}
