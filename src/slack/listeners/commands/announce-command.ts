import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { buildAnnounceForm } from '../../announcements/announcement-picker.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/status-update announce`: the channel's announcement channels, in a modal with a channel picker. */
export async function openAnnounceForm(deps: ListenerDeps, { command, ack, client, respond }: CommandArgs): Promise<void> {
  await ack();
  // One indexed read of the store, well within the trigger's 3 seconds; never a provider.
  const current = await deps.stores.announcements.listChannels(command.channel_id).catch(() => []);
  try {
    await client.views.open({
      trigger_id: command.trigger_id,
      view: buildAnnounceForm(command.channel_id, current, deps.announceChannels ?? []),
    });
  } catch (error) {
    deps.logger.warn({ slackError: slackErrorCode(error) }, 'views.open failed for the announce form');
    await respond({
      response_type: 'ephemeral',
      text: `Slack did not let Herald open the form (${slackErrorCode(error)}). Run \`${command.command} announce\` again.`,
    });
  }
}
