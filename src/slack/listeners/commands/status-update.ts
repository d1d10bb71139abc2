import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildHelpMessage } from './help-message.js';
import { parseCommandText } from './command-text.js';
import type { ListenerDeps } from '../listener-deps.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { openLinkForm, unlinkChannel } from './link-commands.js';
import { channelFormOpening, openUpdateForm } from '../../update-form/open-update-form.js';
import { showTimeline } from './timeline-command.js';
import { openTemplateList } from '../templates/open-template-list.js';
import { openAnnounceForm } from './announce-command.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/status-update [new|link|unlink|timeline|templates|help]`: opens the update form (or, with `new`, the form to open a post) in the channel the command was typed in. */
export function handleStatusUpdateCommand(deps: ListenerDeps) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack, client, respond } = args;
    const request = parseCommandText(command.text ?? '');
    switch (request.kind) {
      case 'help':
      case 'unknown':
        await ack({
          response_type: 'ephemeral',
          ...buildHelpMessage(command.command, request.kind === 'unknown' ? request.word : undefined),
        });
        return;
      case 'link':
        await openLinkForm(deps, args);
        return;
      case 'unlink':
        await unlinkChannel(deps, args);
        return;
      case 'timeline':
        await showTimeline(deps, args);
        return;
      case 'templates':
        await openTemplateList(deps, args);
        return;
      case 'announce':
        await openAnnounceForm(deps, args);
        return;
      case 'open-form':
      case 'new':
        break;
    }
    await ack();
    // Told before the form opens, so nobody fills in a form they cannot publish.
    const [refusal, opening] = await Promise.all([
      publishRefusal(deps.publishers, client, command.team_id ?? null, command.user_id),
      channelFormOpening(deps, command.channel_id),
    ]);
    if (refusal) {
      await respond({ response_type: 'ephemeral', text: refusal });
      return;
    }
    try {
      await openUpdateForm(
        deps,
        client,
        command.trigger_id,
        { channelId: command.channel_id, teamId: command.team_id ?? null, responseUrl: command.response_url ?? null },
        request.kind === 'new' ? { ...opening, newPost: request.postKind } : opening,
      );
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'views.open failed');
      await respond({
        response_type: 'ephemeral',
        text: `Slack did not let Herald open the form (${slackErrorCode(error)}). Run \`${command.command}\` again.`,
      });
    }
  };
}
