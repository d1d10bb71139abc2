import type { KnownBlock, ModalView } from '@slack/types';
import type { UpdateDraft } from '../../updates/draft.js';
import { channelMention, escapeMrkdwn, mrkdwnLink, truncate } from '../../slack-kit/mrkdwn.js';
import { keptText } from './correction-form.js';
import { contextLine, mrkdwnSection, plainText, viewLabel } from '../../slack-kit/elements.js';
import { statusPageLinkLabel } from '../../slack-kit/status-page-link.js';
import { CORRECT_LAST_UPDATE_ACTION, CORRECTION_RESULT_CALLBACK_ID } from './correction-ids.js';

// What the correction modal shows while the correction is sent, and after. Every one of these views keeps the
// corrected text on screen; a failed one is also sent as a message when the modal is gone (under 50 blocks).

export function buildCorrectingView(draft: UpdateDraft, text: string): ModalView {
  return view('Correcting…', 'Close', [
    mrkdwnSection(`:hourglass_flowing_sand: Correcting your update to ${where(draft)}…`, { verbatim: true }),
    mrkdwnSection('*Your correction:*'),
    ...keptText(text),
    contextLine('You can close this window: if the correction does not go through, Herald tells you privately, with your text.'),
  ]);
}

export interface CorrectedViewInput {
  draft: UpdateDraft;
  channelId: string;
  /** Whether the copy in the channel now shows the corrected text. */
  echoUpdated: boolean;
}

export function buildCorrectedView({ draft, channelId, echoUpdated }: CorrectedViewInput): ModalView {
  const blocks: KnownBlock[] = [mrkdwnSection(`:white_check_mark: The update to ${where(draft)} is corrected.`, { verbatim: true })];
  const url = draft.post.url ?? draft.page.url;
  if (url) blocks.push(mrkdwnSection(mrkdwnLink(url, statusPageLinkLabel(draft.page.name))));
  blocks.push(
    contextLine(
      echoUpdated
        ? `The copy in ${channelMention(channelId)} shows the corrected text.`
        : `Herald couldn't change its copy in ${channelMention(channelId)}; the status page has the corrected text.`,
    ),
  );
  return view('Update corrected', 'Done', blocks);
}

export interface CorrectionNotDoneInput {
  draft: UpdateDraft;
  submissionId: string;
  text: string;
  /** Plain words: what happened and what to do. */
  reason: string;
  /** Offer "Try again" (not when a newer update made the correction pointless). */
  retry: boolean;
}

export function buildCorrectionNotDoneView(input: CorrectionNotDoneInput): ModalView {
  const blocks: KnownBlock[] = [
    mrkdwnSection(`:x: Not corrected: ${escapeMrkdwn(truncate(input.reason, 2000))}`, { verbatim: true }),
    mrkdwnSection('*Your correction, kept as you wrote it:*'),
    ...keptText(input.text),
    contextLine(`To ${where(input.draft)}`),
  ];
  if (input.retry) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: CORRECT_LAST_UPDATE_ACTION,
          text: plainText('Try again', 75),
          style: 'primary',
          value: input.submissionId,
        },
      ],
    });
  }
  return view('Not corrected', 'Close', blocks);
}

/** Why a newer update stops the correction, and what to do instead. */
export function supersededReason(where: 'herald' | 'page'): string {
  const how = where === 'page' ? 'straight on the status page' : 'through Herald';
  return `a newer update to this incident was posted ${how}, so this is no longer the last update. Only the last update can be corrected: to change what customers read now, post a new update with /status-update.`;
}

function where(draft: UpdateDraft): string {
  return `*${escapeMrkdwn(truncate(draft.post.title, 200))}* on *${escapeMrkdwn(truncate(draft.page.name, 200))}*`;
}

function view(title: string, close: string, blocks: KnownBlock[]): ModalView {
  return { type: 'modal', callback_id: CORRECTION_RESULT_CALLBACK_ID, title: viewLabel(title), close: viewLabel(close), blocks };
}

/** A plain notice in the modal, for a "Try again" that cannot go ahead (the update is gone, say). */
export function buildCorrectionNoticeView(text: string): ModalView {
  return view('Not corrected', 'Close', [mrkdwnSection(`:information_source: ${text}`)]);
}
