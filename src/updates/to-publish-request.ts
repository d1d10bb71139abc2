import type { PublishRequest } from '../providers/provider.js';
import { slackTextToMarkdown } from '../text/slack-text-to-markdown.js';
import type { UpdateDraft } from './draft.js';

/** The draft in the provider's terms: ids only, times resolved, the text as CommonMark (the one conversion from Slack's). */
export function toPublishRequest(draft: UpdateDraft): PublishRequest {
  return {
    pageId: draft.page.id,
    postId: draft.post.id,
    postKind: draft.post.kind,
    statusId: draft.status.id,
    severityId: draft.severity?.id ?? null,
    message: slackTextToMarkdown(draft.message),
    impacts: draft.impacts.map(({ component, impact }) => ({ componentId: component.id, impactId: impact.id })),
    notifySubscribers: draft.notifySubscribers,
    nextUpdateMs: draft.nextUpdateMinutes === null ? null : draft.nextUpdateMinutes * 60_000,
    reportedAt: draft.reportedAt === null ? null : new Date(draft.reportedAt),
  };
}
