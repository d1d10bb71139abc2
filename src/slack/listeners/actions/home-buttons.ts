import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ChannelLink } from '../../../updates/channel-link.js';
import type { ListenerDeps } from '../listener-deps.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { type FormTarget, openUpdateForm } from '../../update-form/open-update-form.js';
import { decodeHomeButtonValue, type HomeButtonValue } from '../../home/home-button-value.js';
import type { HomeViewMetadata } from '../../home/home-view.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Post update" and "Resolve" on the Home tab: the update form on that incident, in its linked channel where
 * there is one (else the app's Messages tab with the person). The form cannot yet start on a chosen status, so
 * "Resolve" opens the same form, where the person picks the resolved status.
 */
export function handleHomePostUpdate(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const messagesChannelId = homeMetadata(body.view?.private_metadata).messagesChannelId;
    const tell = async (text: string) => {
      if (!messagesChannelId) return;
      await client.chat.postMessage({ channel: messagesChannelId, text }).catch(() => undefined);
    };
    const wanted = decodeHomeButtonValue(action.value);
    if (!wanted) return;
    const teamId = body.team?.id ?? body.user.team_id ?? null;
    const refusal = await publishRefusal(deps.publishers, client, teamId, body.user.id);
    if (refusal) {
      await tell(refusal);
      return;
    }
    const { target, channelId } = await findIncident(deps, wanted);
    const origin = channelId ?? messagesChannelId;
    if (!target || !origin) {
      await tell(
        'That incident is no longer open on its status page, or Herald cannot read it just now. Open the Home tab again to see the latest.',
      );
      return;
    }
    try {
      await openUpdateForm(deps, client, body.trigger_id, { channelId: origin, teamId, responseUrl: null }, { target });
    } catch (error) {
      deps.logger.warn({ err: error, slackError: slackErrorCode(error) }, 'could not open the form from the Home tab');
      await tell(`Herald could not open the form (${slackErrorCode(error)}). Run \`/status-update\` in the incident's channel instead.`);
    }
  };
}

/** "New incident or maintenance…" at the top of the Home tab: the create form, echoed in the app's Messages tab. */
export function handleHomeNewPost(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const messagesChannelId = homeMetadata(body.view?.private_metadata).messagesChannelId;
    if (!messagesChannelId) return;
    const teamId = body.team?.id ?? body.user.team_id ?? null;
    const refusal = await publishRefusal(deps.publishers, client, teamId, body.user.id);
    if (refusal) {
      await client.chat.postMessage({ channel: messagesChannelId, text: refusal }).catch(() => undefined);
      return;
    }
    try {
      await openUpdateForm(
        deps,
        client,
        body.trigger_id,
        { channelId: messagesChannelId, teamId, responseUrl: null },
        { target: null, newPost: 'incident' },
      );
    } catch (error) {
      deps.logger.warn({ err: error, slackError: slackErrorCode(error) }, 'could not open the create form from the Home tab');
      await client.chat
        .postMessage({
          channel: messagesChannelId,
          text: `Herald could not open the form (${slackErrorCode(error)}). Run \`/status-update new\` instead.`,
        })
        .catch(() => undefined);
    }
  };
}

/** "Open the channel" is a link: Slack opens it; Herald only acknowledges. */
export function handleHomeOpenChannel() {
  return async ({ ack }: ButtonArgs): Promise<void> => {
    await ack();
  };
}

/** The incident as the channel link knows it (with its channel), or from the catalog, read from the cache first. */
async function findIncident(deps: ListenerDeps, wanted: HomeButtonValue): Promise<{ target: FormTarget | null; channelId: string | null }> {
  const links = await deps.stores.channels.listActiveLinks().catch(() => [] as ChannelLink[]);
  const link = links.find(
    (candidate) => candidate.provider === wanted.provider && candidate.page.id === wanted.pageId && candidate.post.id === wanted.postId,
  );
  if (link && deps.catalog.configured.some((provider) => provider.id === link.provider)) {
    return { target: { provider: link.provider, page: link.page, post: link.post }, channelId: link.channelId };
  }
  try {
    const pages = deps.catalog.peekPages() ?? (await deps.catalog.listPages());
    const page = pages.pages.find((candidate) => candidate.provider === wanted.provider && candidate.id === wanted.pageId);
    if (!page) return { target: null, channelId: null };
    const posts = deps.catalog.peekOpenPosts(page.provider, page.id) ?? (await deps.catalog.listOpenPosts(page.provider, page.id));
    const post = posts.find((candidate) => candidate.id === wanted.postId);
    if (!post) return { target: null, channelId: null };
    return {
      target: {
        provider: page.provider,
        page: { id: page.id, name: page.name, url: page.url },
        post: { id: post.id, title: post.title, kind: post.kind, url: post.url },
      },
      channelId: null,
    };
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not find the incident of a Home tab button');
    return { target: null, channelId: null };
  }
}

function homeMetadata(text: string | undefined): HomeViewMetadata {
  try {
    const parsed = JSON.parse(text ?? '') as { messagesChannelId?: unknown };
    const id = parsed.messagesChannelId;
    return { messagesChannelId: typeof id === 'string' && /^[A-Z0-9]+$/.test(id) ? id : null };
  } catch {
    return { messagesChannelId: null };
  }
}
