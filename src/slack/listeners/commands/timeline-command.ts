import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildTimelineMessage, type PageTimeline } from '../../channel-links/timeline-message.js';
import type { ListenerDeps } from '../listener-deps.js';
import { usableLinks } from '../../update-form/open-update-form.js';
import type { ChannelLink } from '../../../updates/channel-link.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/status-update timeline`: each linked incident's timeline, only for the person who asked. The providers may
 * be slow, so the command is acknowledged first and the timelines follow through the response_url; they are
 * read side by side, and a page that cannot be read says so in its own section without hiding the others.
 */
export async function showTimeline(deps: ListenerDeps, { command, ack, respond }: CommandArgs): Promise<void> {
  let links: ChannelLink[];
  try {
    links = await usableLinks(deps, command.channel_id);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the channel links');
    await ack({
      response_type: 'ephemeral',
      text: 'Herald could not read this channel’s links just now (its database did not answer). Try again in a moment.',
    });
    return;
  }
  if (links.length === 0) {
    await ack({
      response_type: 'ephemeral',
      text: `This channel is not linked to an incident. Link it with \`${command.command} link\`, then ask again.`,
    });
    return;
  }
  await ack();
  const timelines = await Promise.all(links.map((link) => readTimeline(deps, link)));
  await respond({ response_type: 'ephemeral', replace_original: false, ...buildTimelineMessage(timelines, deps.clock()) });
}

async function readTimeline(deps: ListenerDeps, link: ChannelLink): Promise<PageTimeline> {
  const labels = deps.catalog
    .loadPostOptions(link.provider, link.page.id, link.post.kind)
    .then((options) => new Map(options.statuses.map((status) => [status.id, status.label])))
    .catch(() => new Map<string, string>()); // without the page's words, a status shows as its id
  try {
    const entries = await deps.catalog.provider(link.provider).listTimeline(link.page.id, link.post.id);
    return { link, entries, statusLabels: await labels };
  } catch (error) {
    deps.logger.warn({ err: error, provider: link.provider }, 'could not load a timeline');
    return { link, entries: null, statusLabels: await labels };
  }
}
