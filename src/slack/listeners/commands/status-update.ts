import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildHelpMessage } from '../../blocks/help-message.js';
import { buildUpdateForm } from '../../blocks/update-form.js';
import { parseCommandText } from '../../command-text.js';
import { newFormMetadata } from '../../form-metadata.js';
import type { ListenerDeps } from '../../listener-deps.js';
import { slackErrorCode } from '../../slack-error.js';
import { showAndFillForm, formStateFromCache } from '../../update-form-flow.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/status-update [help]`: opens the update form in the channel the command was typed in. */
export function handleStatusUpdateCommand(deps: ListenerDeps) {
  return async ({ command, ack, client, respond }: CommandArgs): Promise<void> => {
    const request = parseCommandText(command.text ?? '');
    if (request.kind !== 'open-form') {
      await ack({ response_type: 'ephemeral', ...buildHelpMessage(command.command, request.kind === 'unknown' ? request.word : undefined) });
      return;
    }
    await ack();

    const metadata = newFormMetadata({ channelId: command.channel_id, teamId: command.team_id ?? null, responseUrl: command.response_url ?? null });
    // Nothing between the command and views.open waits on a status page: only the cache is read.
    const state = formStateFromCache(deps.catalog, metadata);
    let opened;
    try {
      opened = await client.views.open({ trigger_id: command.trigger_id, view: buildUpdateForm(state) });
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'views.open failed');
      await respond({
        response_type: 'ephemeral',
        text: `Slack did not let Herald open the form (${slackErrorCode(error)}). Run \`${command.command}\` again.`,
      });
      return;
    }
    if (opened.view?.id) await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: opened.view.id, hash: opened.view.hash }, state, { alreadyShown: true });
  };
}
