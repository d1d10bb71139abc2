import type { ModalView } from '@slack/types';
import { escapeMrkdwn } from '../../slack-kit/mrkdwn.js';
import type { Submission } from '../../updates/submission.js';

// "Extend window…" on a maintenance reminder: a modal asking for the new end, with a Slack date-time picker (an
// absolute time, shown in each user's own time zone). The modal carries the submission that opened the maintenance.

export const EXTEND_WINDOW_CALLBACK_ID = 'maintenance_extend_window';
export const EXTEND_WINDOW_BLOCK_ID = 'window_ends_at';
export const EXTEND_WINDOW_ACTION = 'window_ends_at';
/** The new end offered first: the old end plus this much, or as much from now when that is already past. */
const DEFAULT_EXTENSION_MS = 30 * 60_000;

export function buildExtendWindowModal(submission: Submission, now: Date): ModalView {
  const window = submission.draft.opening?.window;
  const currentEnd = window ? new Date(window.endsAt) : now;
  const proposed = new Date(Math.max(currentEnd.getTime(), now.getTime()) + DEFAULT_EXTENSION_MS);
  return {
    type: 'modal',
    callback_id: EXTEND_WINDOW_CALLBACK_ID,
    private_metadata: submission.id,
    title: { type: 'plain_text', text: 'Extend maintenance' },
    submit: { type: 'plain_text', text: 'Extend' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${escapeMrkdwn(submission.draft.post.title)}* on ${escapeMrkdwn(submission.draft.page.name)}` },
      },
      {
        type: 'input',
        block_id: EXTEND_WINDOW_BLOCK_ID,
        label: { type: 'plain_text', text: 'New end' },
        element: { type: 'datetimepicker', action_id: EXTEND_WINDOW_ACTION, initial_date_time: Math.floor(proposed.getTime() / 1000) },
      },
    ],
  };
}

/** The modal once the page has the new end (or says why not). */
export function buildExtendWindowResult(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: EXTEND_WINDOW_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Extend maintenance' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
