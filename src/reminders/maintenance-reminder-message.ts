import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, mrkdwnLink } from '../slack-kit/mrkdwn.js';
import type { MaintenanceMoment } from '../store/maintenance-reminder-store.js';
import type { Submission } from '../updates/submission.js';
import { REMINDER_POST_UPDATE_ACTION } from './reminder-message.js';

// What a channel is told about a maintenance Herald scheduled: shortly before its window starts (when the page
// does not start it by itself), and when it is due to end. Times are Slack date tokens, shown in each reader's
// own time zone. "Post update" opens the form on the maintenance (to mark it in progress or completed);
// "Extend window" asks for a new end.

export const MAINTENANCE_EXTEND_ACTION = 'maintenance_extend_window';
export const MAINTENANCE_REMINDER_ACTIONS_BLOCK_ID = 'maintenance_actions';

/** `<!date^…>`: Slack renders it in the reader's time zone, falling back to UTC text. */
export function slackTime(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}

export function buildMaintenanceReminder(submission: Submission, moment: MaintenanceMoment): { text: string; blocks: KnownBlock[] } {
  const { draft } = submission;
  const window = draft.opening?.window;
  const title = draft.post.url ? mrkdwnLink(draft.post.url, draft.post.title) : `*${escapeMrkdwn(draft.post.title)}*`;
  const where = escapeMrkdwn(draft.page.name);
  const text =
    moment === 'start'
      ? `:construction: The maintenance ${title} (${where}) starts ${window ? slackTime(new Date(window.startsAt)) : 'soon'}, and the page will not start it by itself: post an update to mark it in progress.`
      : `:construction: The maintenance ${title} (${where}) is due to end${window ? ` (${slackTime(new Date(window.endsAt))})` : ''}: post an update to mark it completed, or extend the window.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: MAINTENANCE_REMINDER_ACTIONS_BLOCK_ID,
        elements: [
          {
            type: 'button',
            action_id: REMINDER_POST_UPDATE_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: moment === 'start' ? 'Mark in progress…' : 'Mark completed…' },
            value: submission.id,
          },
          {
            type: 'button',
            action_id: MAINTENANCE_EXTEND_ACTION,
            text: { type: 'plain_text', text: 'Extend window…' },
            value: submission.id,
          },
        ],
      },
    ],
  };
}
