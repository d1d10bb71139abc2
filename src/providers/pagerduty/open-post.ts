import type { ProviderHttp } from '../http.js';
import type { OpenedPost, OpenRequest } from '../opening.js';
import { ProviderError } from '../provider-error.js';
import type { CallOptions, Post, TimelineEntry } from '../provider.js';
import { invalidResponse, parsePost, toPost } from './mapping.js';
import { renderPagerDutyMessage } from './render-message.js';

// Opening a post is one `POST /status_pages/{id}/posts` carrying the post and its first update. The answer
// holds the post with references to its updates, not the updates themselves: the first entry is told from
// what was sent, under the id PagerDuty gave it.

/** `{"post": {...}}` for a new post: an incident starts now and has no end; a maintenance has its window. */
export function newPostBody(request: OpenRequest, now: Date) {
  if (request.severityId === null) {
    // The form always asks for a severity when the provider has them; reaching here is a bug upstream.
    throw new ProviderError('PagerDuty requires a severity on a new post, and none was given', {
      provider: 'pagerduty',
      kind: 'rejected',
      providerMessage: 'A severity is required for PagerDuty status page posts.',
    });
  }
  const window = request.kind === 'maintenance' ? request.window : null;
  if (request.kind === 'maintenance' && !window) {
    throw new ProviderError('PagerDuty maintenance needs a window, and none was given', {
      provider: 'pagerduty',
      kind: 'rejected',
      providerMessage: 'A maintenance needs a start and an end.',
    });
  }
  return {
    post: {
      type: 'status_page_post',
      title: request.title,
      post_type: request.kind,
      // Both are required and nullable: an incident sends now and null.
      starts_at: (window?.startsAt ?? now).toISOString(),
      ends_at: window ? window.endsAt.toISOString() : null,
      status_page: { id: request.pageId, type: 'status_page' },
      updates: [
        {
          type: 'status_page_post_update',
          message: renderPagerDutyMessage(request.message),
          status: { id: request.statusId, type: 'status_page_status' },
          severity: { id: request.severityId, type: 'status_page_severity' },
          impacted_services: request.impacts.map((impact) => ({
            service: { id: impact.componentId, type: 'status_page_service' },
            impact: { id: impact.impactId, type: 'status_page_impact' },
          })),
          notify_subscribers: request.notifySubscribers,
          update_frequency_ms: request.nextUpdateMs === null ? null : Math.round(request.nextUpdateMs),
        },
      ],
    },
  };
}

export async function openPagerDutyPost(
  http: ProviderHttp,
  request: OpenRequest,
  pageUrl: string | null,
  callOptions?: CallOptions,
): Promise<OpenedPost> {
  const now = new Date();
  const body = newPostBody(request, now);
  const response = await http.request({
    method: 'POST',
    path: `status_pages/${encodeURIComponent(request.pageId)}/posts`,
    body,
    onExchange: callOptions?.onExchange,
  });
  const created = parsePost(response.body, 'the created post is missing from the answer');
  const firstUpdateId = created.updates?.[0]?.id;
  if (!firstUpdateId) throw invalidResponse('the created post came back without its first update');
  const post: Post = toPost(created, pageUrl);
  const sent = body.post.updates[0]!;
  const entry: TimelineEntry = {
    id: firstUpdateId,
    postId: post.id,
    message: sent.message,
    statusId: request.statusId,
    reportedAt: now.toISOString(),
    severityId: request.severityId,
    impacts: request.impacts,
  };
  return { post, entry, awaitingPublish: false };
}
