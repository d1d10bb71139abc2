import type { KnownBlock } from '@slack/types';
import { slackDate, userMention } from '../../slack-kit/mrkdwn.js';
import { contextLine, plainText } from '../../slack-kit/elements.js';
import { CORRECT_LAST_UPDATE_ACTION, ECHO_ACTIONS_BLOCK_ID } from './correction-ids.js';

// The echo's last lines about corrections: who corrected the text and when, and the "Correct last update"
// button, or, where the status page cannot edit a published entry (DevHelm), a line saying what to do instead.

export interface EchoCorrection {
  /** Whether the provider edits published entries in place; unset: the echo says nothing about corrections. */
  correctable?: boolean | undefined;
  /** Set once the text was corrected from Herald. */
  correctedBy?: { userId: string; at: Date } | undefined;
}

export function echoCorrectionBlocks(
  { correctable, correctedBy }: EchoCorrection,
  submissionId: string,
  providerName: string,
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (correctedBy) {
    blocks.push(contextLine(`:pencil2: Corrected by ${userMention(correctedBy.userId)} on ${slackDate(correctedBy.at)}`));
  }
  if (correctable === true) {
    blocks.push({
      type: 'actions',
      block_id: ECHO_ACTIONS_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: CORRECT_LAST_UPDATE_ACTION,
          text: plainText('Correct last update', 75),
          value: submissionId,
        },
      ],
    });
  } else if (correctable === false) {
    blocks.push(
      contextLine(`${providerName} does not allow editing a published update: to correct it, post a new update with \`/status-update\`.`),
    );
  }
  return blocks;
}
