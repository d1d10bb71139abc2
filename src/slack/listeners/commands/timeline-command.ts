import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildTimelineMessage } from '../../blocks/timeline-message.js';
import type { ListenerDeps } from '../../listener-deps.js';
import { channelLinkOrNull } from './open-update-form.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/status-update timeline`: the linked incident's timeline, only for the person who asked. The provider may
 * be slow, so the command is acknowledged first and the timeline follows through the response_url.
 */
export async function showTimeline(deps: ListenerDeps, { command, ack, respond }: CommandArgs): Promise<void> {
  const link = await channelLinkOrNull(deps, command.channel_id);
  if (!link) {
    await ack({ response_type: 'ephemeral', text: `This channel is not linked to an incident. Link it with \`${command.command} link\`, then ask again.` });
    return;
  }
  await ack();
  let text: string;
  try {
    const provider = deps.catalog.provider(link.provider);
    const entries = await provider.listTimeline(link.page.id, link.post.id);
    const options = await deps.catalog.loadPostOptions(link.provider, link.page.id, link.post.kind).catch(() => null);
    const labels = new Map((options?.statuses ?? []).map((status) => [status.id, status.label]));
    text = buildTimelineMessage(link, entries, labels, deps.clock()).text;
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not load the timeline');
    text = `Herald could not load the timeline from the status page just now. Try again in a moment.`;
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}
