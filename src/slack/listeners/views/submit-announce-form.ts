import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { ANNOUNCE_BLOCK_ID, parseAnnounceFormMetadata, pickedAnnouncementChannels } from '../../announcements/announcement-picker.js';
import { channelMention } from '../../../slack-kit/mrkdwn.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The announce modal was saved: the channel's announcement channels are the ones picked, and the author hears so. */
export function handleAnnounceFormSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const metadata = parseAnnounceFormMetadata(view.private_metadata);
    const picked = pickedAnnouncementChannels(view.state.values);
    const fail = (text: string) => ack({ response_action: 'errors', errors: { [ANNOUNCE_BLOCK_ID]: text } });
    if (!metadata) {
      await fail('This form is out of date. Close it and run /status-update announce again.');
      return;
    }
    try {
      await deps.stores.announcements.setChannels(metadata.channelId, picked, body.user.id, deps.clock());
    } catch (error) {
      deps.logger.error({ err: error }, 'could not store the announcement channels');
      await fail('Herald could not save the channels (its database did not answer). Try again.');
      return;
    }
    await ack({ response_action: 'clear' });
    const text =
      picked.length === 0
        ? `Updates from ${channelMention(metadata.channelId)} are no longer announced in other channels.`
        : `Updates from ${channelMention(metadata.channelId)} are now also announced in ${picked.map(channelMention).join(', ')}.`;
    await client.chat.postEphemeral({ channel: metadata.channelId, user: body.user.id, text }).catch(() => undefined);
  };
}
