import { z } from 'zod';
import type { ProviderHttp } from '../http.js';
import { ProviderError } from '../provider-error.js';
import type { CallOptions, CorrectionTarget, TimelineEntry } from '../provider.js';
import { toTimelineEntry } from './mapping.js';
import { renderPagerDutyMessage } from './render-message.js';

// A correction is `PUT .../post_updates/{id}`, whose body must be a whole post update (status, severity,
// services, frequency: all required). The entry is read first and sent back as it stands with only the
// message changed, so a correction never alters what else the page shows. `notify_subscribers` is false:
// fixing a typo must not email every subscriber a second time.

const reference = z.object({ id: z.string().min(1) });

const storedPostUpdate = z.object({
  id: z.string().min(1),
  message: z.string().nullish(),
  status: reference,
  severity: reference,
  impacted_services: z.array(z.object({ service: reference.nullish(), impact: reference.nullish() })).nullish(),
  update_frequency_ms: z.number().int().nullish(),
  reported_at: z.string().nullish(),
  post: reference.nullish(),
});

export async function correctPagerDutyUpdate(
  http: ProviderHttp,
  target: CorrectionTarget,
  message: string,
  callOptions?: CallOptions,
): Promise<TimelineEntry> {
  const path = postUpdatePath(target);
  const read = await http.request({ method: 'GET', path, onExchange: callOptions?.onExchange });
  const current = parse(read.body, 'the post update to correct is missing from the answer');
  const postUpdate = {
    type: 'status_page_post_update',
    message: renderPagerDutyMessage(message),
    status: { id: current.status.id, type: 'status_page_status' },
    severity: { id: current.severity.id, type: 'status_page_severity' },
    impacted_services: (current.impacted_services ?? []).flatMap((impacted) =>
      impacted.service && impacted.impact
        ? [
            {
              service: { id: impacted.service.id, type: 'status_page_service' },
              impact: { id: impacted.impact.id, type: 'status_page_impact' },
            },
          ]
        : [],
    ),
    post: { id: target.postId, type: 'status_page_post' },
    notify_subscribers: false,
    update_frequency_ms: current.update_frequency_ms ?? null,
    ...(current.reported_at ? { reported_at: current.reported_at } : {}),
  };
  const response = await http.request({
    method: 'PUT',
    path,
    body: { post_update: postUpdate },
    onExchange: callOptions?.onExchange,
  });
  return toTimelineEntry(parse(response.body, 'the corrected post update is missing from the answer'), target.postId);
}

function postUpdatePath(target: CorrectionTarget): string {
  const [page, post, entry] = [target.pageId, target.postId, target.entryId].map(encodeURIComponent);
  return `status_pages/${page}/posts/${post}/post_updates/${entry}`;
}

function parse(body: unknown, detail: string) {
  const parsed = z.object({ post_update: storedPostUpdate }).safeParse(body);
  if (!parsed.success) {
    throw new ProviderError(`PagerDuty answered with a body Herald cannot read: ${detail}`, {
      provider: 'pagerduty',
      kind: 'invalid_response',
    });
  }
  return parsed.data.post_update;
}
