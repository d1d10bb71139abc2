import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { LINK_FORM_BLOCKS, LINK_POST_SELECT_ACTION, parseLinkFormMetadata, parseLinkOptionValue } from '../../channel-links/link-form.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { CatalogPage } from '../../../providers/catalog.js';
import type { Post } from '../../../providers/provider.js';
import { escapeMrkdwn, userMention } from '../../../slack-kit/mrkdwn.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { pickedAnnouncementChannels } from '../../announcements/announcement-picker.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The link form was submitted: the channel remembers the chosen incident, and says so in the channel. */
export function handleLinkFormSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const fail = (text: string) => ack({ response_action: 'errors', errors: { [LINK_FORM_BLOCKS.post]: text } });
    const metadata = parseLinkFormMetadata(view.private_metadata);
    const value = view.state.values[LINK_FORM_BLOCKS.post]?.[LINK_POST_SELECT_ACTION]?.selected_option?.value;
    const picked = value ? parseLinkOptionValue(value) : null;
    if (!metadata || !picked) {
      await fail('Choose an incident or maintenance.');
      return;
    }
    // Names and links come from the catalog (cached), never from the payload: only the ids were chosen.
    let page: CatalogPage | undefined;
    let post: Post | undefined;
    try {
      page = (await deps.catalog.listPages()).pages.find((p) => p.provider === picked.page.provider && p.id === picked.page.pageId);
      post = page
        ? (await deps.catalog.listOpenPosts(page.provider, page.id)).find((p) => p.kind === picked.post.kind && p.id === picked.post.postId)
        : undefined;
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not load the page to link');
    }
    if (!page || !post) {
      await fail('That incident is no longer open on its status page. Choose another one.');
      return;
    }
    try {
      await deps.stores.channels.saveLink({
        channelId: metadata.channelId,
        provider: page.provider,
        page: { id: page.id, name: page.name, url: page.url },
        post: { id: post.id, title: post.title, kind: post.kind, url: post.url },
        linkedBy: body.user.id,
        linkedAt: deps.clock(),
      });
      await deps.stores.announcements.setChannels(
        metadata.channelId,
        pickedAnnouncementChannels(view.state.values),
        body.user.id,
        deps.clock(),
      );
    } catch (error) {
      deps.logger.error({ err: error }, 'could not store the channel link');
      await fail('Herald could not save the link (its database did not answer). Try again.');
      return;
    }
    await ack({ response_action: 'clear' });
    const links = await deps.stores.channels.listLinks(metadata.channelId).catch(() => []);
    // With several pages linked, which one the form opens on depends on where Herald last sent an update
    // (see open-update-form.ts), so the announcement promises only what always holds.
    const opens =
      links.length > 1
        ? `\`/status-update\` on any of the ${links.length} linked incidents offers the update to all of them.`
        : '`/status-update` now opens on it.';
    try {
      await client.chat.postMessage({
        channel: metadata.channelId,
        text: `${userMention(body.user.id)} linked this channel to *${escapeMrkdwn(post.title)}* on ${escapeMrkdwn(page.name)}. ${opens}`,
      });
    } catch (error) {
      deps.logger.info({ slackError: slackErrorCode(error) }, 'could not announce the link in the channel');
    }
  };
}
