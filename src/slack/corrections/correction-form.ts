import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { MESSAGE_MAX_LENGTH, type UpdateDraft } from '../../updates/draft.js';
import { escapeMrkdwn, slackDate, splitMrkdwn, truncate, userMention } from '../../slack-kit/mrkdwn.js';
import { SECTION_TEXT_MAX_LENGTH, contextLine, mrkdwnSection, plainText, viewLabel } from '../../slack-kit/elements.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import { CORRECTION_FORM_CALLBACK_ID, CORRECTION_MESSAGE_ACTION, CORRECTION_MESSAGE_BLOCK_ID } from './correction-ids.js';

// The "Correct last update" modal: the published text, ready to edit, and who wrote it. Only the text can
// change; everything else about the entry stays as published. The submission id travels in private_metadata.

export interface CorrectionFormInput {
  submissionId: string;
  draft: UpdateDraft;
  /** Who published the update. */
  authorId: string;
  publishedAt: Date | null;
  /** What the box starts with: the text on the page now, or a correction that did not go through. */
  text: string;
  /** A line above the box: a correction that did not go through, say. */
  notice: string | null;
}

const metadataSchema = z.object({ v: z.literal(1), submissionId: z.string().min(1) });

export function buildCorrectionForm(input: CorrectionFormInput): ModalView {
  const { draft } = input;
  const when = input.publishedAt ? ` on ${slackDate(input.publishedAt)}` : '';
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `Correcting the update to *${escapeMrkdwn(truncate(draft.post.title, 200))}* on *${escapeMrkdwn(truncate(draft.page.name, 200))}* (${providerDisplayName(draft.provider)}), published by ${userMention(input.authorId)}${when}.`,
      { verbatim: true },
    ),
  ];
  if (input.notice) blocks.push(mrkdwnSection(`:warning: ${escapeMrkdwn(truncate(input.notice, 2000))}`, { verbatim: true }));
  blocks.push(
    {
      type: 'input',
      block_id: CORRECTION_MESSAGE_BLOCK_ID,
      label: plainText('Corrected message'),
      hint: plainText('Customers will read this instead of the published text.'),
      element: {
        type: 'plain_text_input',
        action_id: CORRECTION_MESSAGE_ACTION,
        multiline: true,
        max_length: MESSAGE_MAX_LENGTH,
        initial_value: input.text,
      },
    },
    contextLine(
      `Only the text changes: the status (*${escapeMrkdwn(truncate(draft.status.label, 200))}*), severity and services stay as published, the same entry is edited (no new one appears) and subscribers are not notified again.`,
    ),
  );
  return {
    type: 'modal',
    callback_id: CORRECTION_FORM_CALLBACK_ID,
    title: viewLabel('Correct last update'),
    submit: viewLabel('Correct'),
    close: viewLabel('Cancel'),
    private_metadata: JSON.stringify({ v: 1, submissionId: input.submissionId }),
    blocks,
  };
}

/** The submission id from the modal's private_metadata; null when it is not Herald's. */
export function correctionFormSubmissionId(privateMetadata: string): string | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data.submissionId : null;
  } catch {
    return null;
  }
}

/** Text a person typed, shown exactly (plain text needs no escaping), split, never cut. */
export function keptText(text: string): KnownBlock[] {
  return splitMrkdwn(text, SECTION_TEXT_MAX_LENGTH).map((piece) => ({
    type: 'section',
    text: { type: 'plain_text', text: piece, emoji: false },
  }));
}
