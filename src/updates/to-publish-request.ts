import type { PublishRequest } from '../providers/provider.js';
import type { UpdateDraft } from './draft.js';

/** The draft in the provider's terms: ids only, times resolved. */
export function toPublishRequest(draft: UpdateDraft): PublishRequest {
  return {
    pageId: draft.page.id,
    postId: draft.post.id,
    postKind: draft.post.kind,
    statusId: draft.status.id,
    severityId: draft.severity?.id ?? null,
    message: draft.message,
    impacts: draft.impacts.map(({ component, impact }) => ({ componentId: component.id, impactId: impact.id })),
    notifySubscribers: draft.notifySubscribers,
    nextUpdateMs: draft.nextUpdateMinutes === null ? null : draft.nextUpdateMinutes * 60_000,
    reportedAt: draft.reportedAt === null ? null : new Date(draft.reportedAt),
  };
}
