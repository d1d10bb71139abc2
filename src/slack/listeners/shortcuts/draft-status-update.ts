import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { slackMessageToDraft } from '../../../text/slack-message-to-draft.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { channelFormOpening, openUpdateForm } from '../../update-form/open-update-form.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply-privately.js';

type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** The message shortcut's callback_id, as manifest.yml declares it. */
export const DRAFT_STATUS_UPDATE_CALLBACK_ID = 'draft_status_update';

/**
 * "Draft status update" on a message: the update form for the channel's incident (the create form when the
 * channel has none linked), its message box holding the message's text. Nothing is published until the form is
 * submitted, where the check before publishing reads the text like any other.
 */
export function handleDraftStatusUpdate(deps: ListenerDeps) {
  return async ({ ack, shortcut, client, respond }: ShortcutArgs): Promise<void> => {
    await ack();
    const channelId = shortcut.channel?.id;
    if (typeof channelId !== 'string' || channelId === '') return;
    const teamId = shortcut.team?.id ?? null;
    const [refusal, opening] = await Promise.all([
      publishRefusal(deps.publishers, client, teamId, shortcut.user.id),
      channelFormOpening(deps, channelId),
    ]);
    if (refusal) {
      await replyPrivately(respond, { response_type: 'ephemeral', text: refusal });
      return;
    }
    const text = typeof shortcut.message?.text === 'string' ? shortcut.message.text : '';
    try {
      await openUpdateForm(
        deps,
        client,
        shortcut.trigger_id,
        { channelId, teamId, responseUrl: shortcut.response_url ?? null },
        { ...opening, ...(opening.target ? {} : { newPost: 'incident' as const }), draftMessage: slackMessageToDraft(text) },
      );
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'views.open failed for Draft status update');
      await replyPrivately(respond, {
        response_type: 'ephemeral',
        text: `Slack did not let Herald open the form (${slackErrorCode(error)}). Try Draft status update again.`,
      });
    }
  };
}
