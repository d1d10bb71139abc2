import type { ModalView } from '@slack/types';
import type { UpdateDraft } from '../../updates/draft.js';
import { escapeMrkdwn } from '../../slack-kit/mrkdwn.js';
import { contextLine, mrkdwnSection, viewLabel } from '../../slack-kit/elements.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import { PUBLISHING_VIEW_CALLBACK_ID } from './outcome-ids.js';

// Shown the moment the form is accepted, while the publisher talks to the provider. No submit button: there is
// nothing left to do but wait or close, and closing loses nothing.

export function buildPublishingView(draft: UpdateDraft): ModalView {
  const where = `*${escapeMrkdwn(draft.post.title)}* on *${escapeMrkdwn(draft.page.name)}* (${providerDisplayName(draft.provider)})`;
  return {
    type: 'modal',
    callback_id: PUBLISHING_VIEW_CALLBACK_ID,
    title: viewLabel('Publishing…'),
    close: viewLabel('Close'),
    blocks: [
      mrkdwnSection(`:hourglass_flowing_sand: Publishing your update to ${where}…`, { verbatim: true }),
      mrkdwnSection(`*Status:* ${escapeMrkdwn(draft.status.label)}`, { verbatim: true }),
      contextLine('You can close this window: the result will also be posted in the channel.'),
    ],
  };
}
