import type { KnownBlock, ModalView } from '@slack/types';
import type { UpdateDraft } from '../../updates/draft.js';
import { channelMention, escapeMrkdwn, mrkdwnLink, splitMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { SECTION_TEXT_MAX_LENGTH, contextLine, mrkdwnSection, plainText, viewLabel } from '../../slack-kit/elements.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import { statusPageLinkLabel } from '../../slack-kit/status-page-link.js';
import type { PublishFailure } from '../../updates/submission.js';
import { EDIT_AND_RETRY_ACTION, FAILURE_ACTIONS_BLOCK_ID, RESULT_VIEW_CALLBACK_ID } from './outcome-ids.js';

// What the modal shows once publishing is over. The failed view is also sent as a message when the modal is
// gone, so it stays within a message's 50 blocks and its button works from either place.

export interface PublishedViewInput {
  draft: UpdateDraft;
  /** Where the update can be seen; null when the provider gave no public address. */
  entryUrl: string | null;
  channelId: string;
  /** Whether the copy reached the channel; assumed when not said. */
  echoed?: boolean;
}

export function buildPublishedView({ draft, entryUrl, channelId, echoed = true }: PublishedViewInput): ModalView {
  const where = `*${escapeMrkdwn(draft.post.title)}* on *${escapeMrkdwn(draft.page.name)}*`;
  const blocks: KnownBlock[] = [mrkdwnSection(`:white_check_mark: Your update to ${where} is published.`, { verbatim: true })];
  if (entryUrl) blocks.push(mrkdwnSection(mrkdwnLink(entryUrl, statusPageLinkLabel(draft.page.name))));
  blocks.push(
    contextLine(
      echoed
        ? `A copy was posted in ${channelMention(channelId)}.`
        : `Herald couldn't post a copy in ${channelMention(channelId)}; it has sent you the reason.`,
    ),
  );
  return resultView('Update published', 'Done', blocks);
}

export interface FailedViewInput {
  draft: UpdateDraft;
  failure: PublishFailure;
  submissionId: string;
}

export function buildFailedView({ draft, failure, submissionId }: FailedViewInput): ModalView {
  const provider = providerDisplayName(draft.provider);
  const blocks: KnownBlock[] = [mrkdwnSection(`:x: ${escapeMrkdwn(truncate(failure.message, 2000))}`, { verbatim: true })];
  const details = [
    failure.status !== undefined ? `${provider} answered HTTP ${failure.status}` : null,
    failure.requestId ? `request id \`${escapeMrkdwn(failure.requestId)}\` (quote it to ${provider} support)` : null,
  ].filter((detail): detail is string => detail !== null);
  if (details.length > 0) blocks.push(contextLine(details.join(' · ')));

  blocks.push(mrkdwnSection('*Your update, kept as you wrote it:*'));
  // Plain text needs no escaping and shows exactly what was typed; split, never cut.
  for (const piece of splitMrkdwn(draft.message, SECTION_TEXT_MAX_LENGTH)) {
    blocks.push({ type: 'section', text: { type: 'plain_text', text: piece, emoji: true } });
  }
  blocks.push(
    contextLine(
      `To *${escapeMrkdwn(draft.post.title)}* on *${escapeMrkdwn(draft.page.name)}* · status *${escapeMrkdwn(draft.status.label)}*`,
    ),
    {
      type: 'actions',
      block_id: FAILURE_ACTIONS_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: EDIT_AND_RETRY_ACTION,
          text: plainText('Edit and retry', 75),
          style: 'primary',
          value: submissionId,
        },
      ],
    },
  );
  return resultView('Not published', 'Close', blocks);
}

function resultView(title: string, close: string, blocks: KnownBlock[]): ModalView {
  return { type: 'modal', callback_id: RESULT_VIEW_CALLBACK_ID, title: viewLabel(title), close: viewLabel(close), blocks };
}
