import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildSnoozedReminder } from '../../../reminders/reminder-message.js';
import type { ListenerDeps } from '../listener-deps.js';
import { userMention } from '../../../slack-kit/mrkdwn.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { openUpdateForm } from '../../update-form/open-update-form.js';
import { replyPrivately } from '../reply-privately.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Post update" on a reminder: the form opens on the reminder's incident, filled in from its last update. */
export function handleReminderPostUpdate(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => replyPrivately(respond, { response_type: 'ephemeral', replace_original: false, text });
    const submission = await deps.stores.submissions.getSubmission(action.value ?? '').catch(() => null);
    // The button's value comes back from Slack: it only counts in the channel whose reminder carried it.
    if (!submission || submission.channelId !== body.channel?.id) {
      await tell('Herald no longer knows that update. Run `/status-update` to post one.');
      return;
    }
    const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? submission.teamId, body.user.id);
    if (refusal) {
      await tell(refusal);
      return;
    }
    const { draft } = submission;
    try {
      await openUpdateForm(
        deps,
        client,
        body.trigger_id,
        { channelId: submission.channelId, teamId: submission.teamId, responseUrl: null },
        { target: { provider: draft.provider, page: draft.page, post: draft.post } },
      );
    } catch (error) {
      deps.logger.warn({ err: error, slackError: slackErrorCode(error) }, 'could not open the form from a reminder');
      await tell(`Herald could not open the form (${slackErrorCode(error)}). Run \`/status-update\` instead.`);
    }
  };
}

/** "Snooze 15/30 min": the reminder comes back after that long, unless an update is posted meanwhile. */
export function handleReminderSnooze(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const minutes = action.action_id.endsWith('_30') ? 30 : 15;
    const now = deps.clock();
    const submission = await deps.stores.submissions.getSubmission(action.value ?? '').catch(() => null);
    if (!submission || submission.channelId !== body.channel?.id) return;
    const snoozed = await deps.stores.reminders
      .snoozeReminder(action.value ?? '', new Date(now.getTime() + minutes * 60_000), now)
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'could not snooze a reminder');
        return false;
      });
    if (!snoozed || !body.channel || !body.message) return;
    const original = typeof body.message.text === 'string' ? body.message.text : 'Time for the next update.';
    try {
      await client.chat.update({
        channel: body.channel.id,
        ts: body.message.ts,
        ...buildSnoozedReminder(original, userMention(body.user.id), minutes),
      });
    } catch (error) {
      deps.logger.info({ slackError: slackErrorCode(error) }, 'could not mark the reminder as snoozed');
    }
  };
}
