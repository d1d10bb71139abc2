import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ProviderCatalog } from '../../../providers/catalog.js';
import { buildLinkForm, type LinkablePage, type LinkFormState } from '../../channel-links/link-form.js';
import type { ListenerDeps } from '../listener-deps.js';
import { parsePageOptionValue } from '../../update-form/blocks/form-choices.js';
import { UNLINK_ALL_VALUE, buildUnlinkChoices, notLinkedText, unlinkedText } from '../../channel-links/unlink-message.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/status-update link`: opens the picker at once (the trigger lives 3 seconds), then fills it in. */
export async function openLinkForm(deps: ListenerDeps, { command, ack, client, respond }: CommandArgs): Promise<void> {
  await ack();
  const channelId = command.channel_id;
  let viewId: string | undefined;
  try {
    const opened = await client.views.open({ trigger_id: command.trigger_id, view: buildLinkForm({ status: 'loading', channelId }) });
    viewId = opened.view?.id;
  } catch (error) {
    deps.logger.warn({ slackError: slackErrorCode(error) }, 'views.open failed for the link form');
    await respond({
      response_type: 'ephemeral',
      text: `Slack did not let Herald open the form (${slackErrorCode(error)}). Run \`${command.command} link\` again.`,
    });
    return;
  }
  if (!viewId) return;
  const [linked, announceChannels] = await Promise.all([
    deps.stores.channels.listLinks(channelId).catch(() => []),
    deps.stores.announcements.listChannels(channelId).catch(() => []),
  ]);
  const state = { ...(await loadLinkablePages(deps.catalog, channelId)), linked, announceChannels };
  try {
    await client.views.update({ view_id: viewId, view: buildLinkForm(state) });
  } catch (error) {
    deps.logger.debug({ slackError: slackErrorCode(error) }, 'link form closed meanwhile');
  }
}

/** Every page's open incidents and maintenance; a provider or page that fails is named, the others still offered. */
export async function loadLinkablePages(catalog: ProviderCatalog, channelId: string): Promise<LinkFormState> {
  const problems: string[] = [];
  let pages: LinkablePage[] = [];
  try {
    const list = await catalog.listPages();
    for (const failure of list.failures) problems.push(`${failure.providerName} could not be reached.`);
    pages = await Promise.all(
      list.pages.map(async (page) => {
        try {
          return { page, posts: await catalog.listOpenPosts(page.provider, page.id) };
        } catch {
          problems.push(`The open incidents of ${page.name} could not be loaded.`);
          return { page, posts: [] };
        }
      }),
    );
  } catch {
    problems.push('The status pages could not be loaded.');
  }
  return { status: 'ready', channelId, pages, problems };
}

/**
 * `/status-update unlink [all]`: forgets the channel's incident; reminders for it stop. A channel linked to
 * several pages is asked which one (a button each), unless `all` was typed.
 */
export async function unlinkChannel(deps: ListenerDeps, { command, ack }: CommandArgs): Promise<void> {
  const channels = deps.stores.channels;
  const all = /^\s*unlink\s+all\s*$/i.test(command.text ?? '');
  try {
    const links = await channels.listLinks(command.channel_id);
    if (links.length > 1 && !all) {
      await ack({ response_type: 'ephemeral', ...buildUnlinkChoices(links, command.command) });
      return;
    }
    const text = await unlinkPages(deps, command.channel_id, UNLINK_ALL_VALUE, command.command);
    await ack({ response_type: 'ephemeral', text });
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not unlink the channel');
    await ack({ response_type: 'ephemeral', text: 'Herald could not unlink this channel just now. Try again in a moment.' });
  }
}

/** Unlinks one page (`provider:pageId`) or all of them; returns what to tell the person who asked. */
export async function unlinkPages(deps: ListenerDeps, channelId: string, which: string, command = '/status-update'): Promise<string> {
  const channels = deps.stores.channels;
  const links = await channels.listLinks(channelId);
  const page = which === UNLINK_ALL_VALUE ? null : parsePageOptionValue(which);
  const removed = page ? links.filter((link) => link.provider === page.provider && link.page.id === page.pageId) : links;
  if (removed.length === 0) return links.length === 0 ? notLinkedText(command) : 'That page was already unlinked from this channel.';
  await channels.unlink(channelId, deps.clock(), page ?? undefined);
  return unlinkedText(
    removed,
    links.filter((link) => !removed.includes(link)),
  );
}
