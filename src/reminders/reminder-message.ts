import type { KnownBlock } from '@slack/types';
import { formatDistanceStrict } from 'date-fns';
import { escapeMrkdwn } from '../slack-kit/mrkdwn.js';
import { statusPageLink } from '../slack-kit/status-page-link.js';
import type { Submission } from '../updates/submission.js';

// The nudge a channel gets when the next update it promised is due, and what it becomes once snoozed.

export const REMINDER_POST_UPDATE_ACTION = 'reminder_post_update';
/** One action id per snooze length (Slack wants them unique in a block); the button's value is the submission id. */
export const REMINDER_SNOOZE_ACTIONS = { 15: 'reminder_snooze_15', 30: 'reminder_snooze_30' } as const;
export const REMINDER_SNOOZE_ACTION_PATTERN = /^reminder_snooze_(15|30)$/;
export const REMINDER_ACTIONS_BLOCK_ID = 'reminder_actions';

export function buildReminderMessage(submission: Submission, publishedAt: Date, now: Date): { text: string; blocks: KnownBlock[] } {
  const { draft } = submission;
  const since = formatDistanceStrict(publishedAt, now);
  const link = statusPageLink(draft);
  const text = `:alarm_clock: Time for the next update on *${escapeMrkdwn(draft.post.title)}* (${escapeMrkdwn(draft.page.name)}): the last one was posted ${escapeMrkdwn(since)} ago.${link ? ` ${link}` : ''}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: REMINDER_ACTIONS_BLOCK_ID,
        elements: [
          {
            type: 'button',
            action_id: REMINDER_POST_UPDATE_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Post update' },
            value: submission.id,
          },
          {
            type: 'button',
            action_id: REMINDER_SNOOZE_ACTIONS[15],
            text: { type: 'plain_text', text: 'Snooze 15 min' },
            value: submission.id,
          },
          {
            type: 'button',
            action_id: REMINDER_SNOOZE_ACTIONS[30],
            text: { type: 'plain_text', text: 'Snooze 30 min' },
            value: submission.id,
          },
        ],
      },
    ],
  };
}

/** The reminder once snoozed: the buttons go, so nobody snoozes it twice from the same message. */
export function buildSnoozedReminder(originalText: string, userMention: string, minutes: number): { text: string; blocks: KnownBlock[] } {
  const text = `${originalText}\n${userMention} snoozed this reminder for ${minutes} minutes.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
