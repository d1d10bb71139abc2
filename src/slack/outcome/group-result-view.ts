import type { KnownBlock, ModalView } from '@slack/types';
import type { PageOutcome } from '../../submitting/group-outcome.js';
import { channelMention, escapeMrkdwn, splitMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { SECTION_TEXT_MAX_LENGTH, contextLine, mrkdwnSection, plainText, viewLabel } from '../../slack-kit/elements.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import { statusPageLink } from '../../slack-kit/status-page-link.js';
import { EDIT_AND_RETRY_ACTION, FAILURE_ACTIONS_BLOCK_ID, RESULT_VIEW_CALLBACK_ID } from './outcome-ids.js';

// The result of one submit that went to several linked pages: each page's outcome on its own line, and when
// one failed, the update as typed and "Edit and retry", which sends it only to the pages still missing it.
// Also sent as a message when the modal is gone, so it stays well within a message's 50 blocks.

export interface GroupResultInput {
  pages: PageOutcome[];
  channelId: string;
  /** The failed submission "Edit and retry" reopens; null when every page was published. */
  retryId: string | null;
}

/** At most this many pages are listed one by one (Herald offers at most 10 linked pages besides the form's). */
const MAX_PAGES = 12;

export function buildGroupResultView({ pages, channelId, retryId }: GroupResultInput): ModalView {
  const failed = pages.filter((page) => page.state === 'failed');
  const published = pages.filter((page) => page.state === 'published');
  const heading =
    failed.length === 0
      ? `:white_check_mark: Your update is published on ${pages.length} status pages.`
      : published.length === 0
        ? `:x: Your update was not published on any of its ${pages.length} status pages.`
        : `:warning: Your update is published on ${published.length} of ${pages.length} status pages.`;
  const blocks: KnownBlock[] = [mrkdwnSection(heading), ...pages.slice(0, MAX_PAGES).map(pageLine)];

  const echoed = published.filter((page) => !page.earlier);
  if (echoed.length > 0) {
    blocks.push(
      contextLine(
        echoed.every((page) => page.echoed)
          ? `A copy of each published update was posted in ${channelMention(channelId)}.`
          : `Herald couldn't post every copy in ${channelMention(channelId)}; it has sent you the reason.`,
      ),
    );
  }
  const retry = failed.find((page) => page.submissionId === retryId);
  if (retry) {
    blocks.push(mrkdwnSection('*Your update, kept as you wrote it:*'));
    for (const piece of splitMrkdwn(retry.draft.message, SECTION_TEXT_MAX_LENGTH)) {
      blocks.push({ type: 'section', text: { type: 'plain_text', text: piece, emoji: true } });
    }
    blocks.push(contextLine('*Edit and retry* sends it only to the pages that do not have it yet.'), {
      type: 'actions',
      block_id: FAILURE_ACTIONS_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: EDIT_AND_RETRY_ACTION,
          text: plainText('Edit and retry', 75),
          style: 'primary',
          value: retry.submissionId,
        },
      ],
    });
  }
  const title = failed.length === 0 ? 'Update published' : published.length === 0 ? 'Not published' : 'Partly published';
  return {
    type: 'modal',
    callback_id: RESULT_VIEW_CALLBACK_ID,
    title: viewLabel(title),
    close: viewLabel(failed.length === 0 ? 'Done' : 'Close'),
    blocks,
  };
}

/** "✅ *Title* on *Page* (Provider) · View on Page", or the failure in the provider's words. */
function pageLine(page: PageOutcome): KnownBlock {
  const { draft } = page;
  const provider = providerDisplayName(draft.provider);
  const where = `*${escapeMrkdwn(truncate(draft.post.title, 200))}* on *${escapeMrkdwn(truncate(draft.page.name, 200))}* (${provider})`;
  if (page.state === 'published') {
    const link = statusPageLink(draft);
    const when = page.earlier ? ', earlier' : '';
    return mrkdwnSection(
      `:white_check_mark: ${where}: published${when}, status *${escapeMrkdwn(draft.status.label)}*${link ? ` · ${link}` : ''}`,
      { verbatim: true },
    );
  }
  if (page.state === 'failed' && page.failure) {
    const { failure } = page;
    const details = [
      failure.status !== undefined ? `${provider} answered HTTP ${failure.status}` : null,
      failure.requestId ? `request id \`${escapeMrkdwn(failure.requestId)}\`` : null,
    ].filter((detail): detail is string => detail !== null);
    const detailText = details.length > 0 ? ` (${details.join(' · ')})` : '';
    return mrkdwnSection(`:x: ${where}: not published. ${escapeMrkdwn(truncate(failure.message, 1500))}${detailText}`, { verbatim: true });
  }
  return mrkdwnSection(`:hourglass_flowing_sand: ${where}: still publishing…`, { verbatim: true });
}
