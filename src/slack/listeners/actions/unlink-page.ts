import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { unlinkPages } from '../commands/link-commands.js';
import { replyPrivately } from '../reply-privately.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A button of `/status-update unlink`'s question: forgets that page's incident (or all), and says so in place. */
export function handleUnlinkPage(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const channelId = body.channel?.id;
    if (!channelId) return;
    let text: string;
    try {
      text = await unlinkPages(deps, channelId, action.value ?? '');
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not unlink a page from the channel');
      text = 'Herald could not unlink this channel just now. Try again in a moment.';
    }
    await replyPrivately(respond, { response_type: 'ephemeral', replace_original: true, text });
  };
}
