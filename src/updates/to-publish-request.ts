import type { OpenRequest, PublishRequest } from '../providers/provider.js';
import { slackTextToMarkdown } from '../text/slack-text-to-markdown.js';
import type { OpeningDraft, UpdateDraft } from './draft.js';

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

/** A draft that opens its post, in the provider's terms; `reference` is Herald's id for the create (the submission's). */
export function toOpenRequest(draft: UpdateDraft & { opening: OpeningDraft }, reference: string): OpenRequest {
  const { window } = draft.opening;
  const update = toPublishRequest(draft);
  return {
    pageId: update.pageId,
    kind: draft.post.kind,
    title: draft.opening.title,
    statusId: update.statusId,
    severityId: update.severityId,
    message: update.message,
    impacts: update.impacts,
    notifySubscribers: update.notifySubscribers,
    nextUpdateMs: update.nextUpdateMs,
    window:
      window === null
        ? null
        : {
            startsAt: new Date(window.startsAt),
            endsAt: new Date(window.endsAt),
            startAutomatically: window.startAutomatically,
            completeAutomatically: window.completeAutomatically,
            componentsToMaintenance: window.componentsToMaintenance,
          },
    reference,
  };
}
