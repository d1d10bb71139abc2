import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { extendMaintenanceWindow, type WindowExtension } from '../../../publishing/extend-maintenance-window.js';
import { escapeMrkdwn, userMention } from '../../../slack-kit/mrkdwn.js';
import { slackTime } from '../../../reminders/maintenance-reminder-message.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { updateModal } from '../../outcome/tell-author.js';
import { buildExtendWindowResult, EXTEND_WINDOW_ACTION, EXTEND_WINDOW_BLOCK_ID } from '../../maintenance/extend-window-modal.js';
import type { ListenerDeps } from '../listener-deps.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The new end was submitted. Checked first (a field error keeps the modal), then acknowledged with "Extending…"
 * while the page is asked (it may take longer than Slack's 3 seconds), then the outcome; the channel hears of it.
 */
export function handleExtendWindowSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const fieldError = (message: string) => ack({ response_action: 'errors', errors: { [EXTEND_WINDOW_BLOCK_ID]: message } });
    const picked = view.state.values[EXTEND_WINDOW_BLOCK_ID]?.[EXTEND_WINDOW_ACTION]?.selected_date_time;
    if (typeof picked !== 'number' || !Number.isFinite(picked)) return fieldError('Choose the new end.');
    const endsAt = new Date(picked * 1000);
    const submission = await deps.stores.submissions.getSubmission(view.private_metadata).catch(() => null);
    const window = submission?.draft.opening?.window;
    if (!submission || !window) return fieldError('Herald no longer knows this maintenance.');
    if (endsAt.getTime() <= deps.clock().getTime()) return fieldError('Choose an end in the future.');
    if (endsAt.getTime() <= new Date(window.startsAt).getTime()) return fieldError('Choose an end after the window starts.');
    const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? submission.teamId, body.user.id);
    if (refusal) return fieldError(refusal);

    await ack({ response_action: 'update', view: buildExtendWindowResult(`Moving the end to ${slackTime(endsAt)}…`) });
    const outcome = await extendMaintenanceWindow(
      { ...deps.stores, catalog: deps.catalog, logger: deps.logger, now: deps.clock },
      submission.id,
      endsAt,
    );
    await updateModal(client, deps.logger, view.id, buildExtendWindowResult(resultText(outcome)));
    if (outcome.kind !== 'extended') return;
    const title = escapeMrkdwn(submission.draft.post.title);
    await client.chat
      .postMessage({
        channel: submission.channelId,
        text: `:construction: ${userMention(body.user.id)} extended the maintenance *${title}* to ${slackTime(outcome.endsAt)}.`,
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell the channel the window was extended'));
  };
}

function resultText(outcome: WindowExtension): string {
  switch (outcome.kind) {
    case 'extended':
      return `:white_check_mark: The maintenance now ends ${slackTime(outcome.endsAt)}. Herald will remind the channel then.`;
    case 'unknown':
      return 'Herald no longer knows this maintenance.';
    case 'invalid':
    case 'failed':
      return `:x: ${escapeMrkdwn(outcome.message)}`;
  }
}
