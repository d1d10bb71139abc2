import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { buildExtendWindowModal } from '../../maintenance/extend-window-modal.js';
import { replyPrivately } from '../reply-privately.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Extend window…" on a maintenance reminder: the modal asking for the new end. */
export function handleMaintenanceExtend(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => replyPrivately(respond, { response_type: 'ephemeral', replace_original: false, text });
    const submission = await deps.stores.submissions.getSubmission(action.value ?? '').catch(() => null);
    // The value comes back from Slack: it counts only in the channel whose reminder carried it.
    if (!submission?.draft.opening?.window || submission.channelId !== body.channel?.id) {
      await tell('Herald no longer knows that maintenance.');
      return;
    }
    const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? submission.teamId, body.user.id);
    if (refusal) {
      await tell(refusal);
      return;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: buildExtendWindowModal(submission, deps.clock()) });
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'could not open the extend-window modal');
      await tell(`Herald could not open the form (${slackErrorCode(error)}). Try again.`);
    }
  };
}
