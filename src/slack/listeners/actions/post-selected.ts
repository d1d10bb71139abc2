import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { postOptionValue } from '../../update-form/blocks/form-choices.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { chooseOpening, showAndFillForm, formStateFromCache } from '../../update-form/update-form-flow.js';
import { NEW_POST_OPTION_VALUE } from '../../update-form/blocks/update-form-ids.js';
import { hasPublicUpdate } from '../../../submitting/last-public-message.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** The user picked the incident or maintenance to update (load its statuses and components), or to open a new one. */
export function handlePostSelected(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SelectArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = decodeFormMetadata(view.private_metadata);
    const page = metadata.page;
    if (!page) return;
    const value = action.selected_option?.value ?? '';
    const fill = { client, catalog: deps.catalog, logger: deps.logger };
    if (value === NEW_POST_OPTION_VALUE) {
      // "New incident or maintenance…": the same form, turned to opening one; what was typed stays.
      const state = chooseOpening(deps.catalog, formStateFromCache(deps.catalog, metadata), 'incident');
      await showAndFillForm(fill, { id: view.id, hash: view.hash }, state, { alreadyShown: false });
      return;
    }
    const posts = await deps.catalog.listOpenPosts(page.provider, page.id);
    const post = posts.find((candidate) => postOptionValue(candidate) === value);
    if (!post) {
      deps.logger.warn({ value }, 'a post that is not (or no longer) open was picked');
      return;
    }
    const hasLastUpdate = await hasPublicUpdate(deps.stores.channels, { provider: page.provider, pageId: page.id, postId: post.id }).catch(
      () => false,
    );
    const state = formStateFromCache(deps.catalog, { ...metadata, post, components: [], hasLastUpdate });
    await showAndFillForm(fill, { id: view.id, hash: view.hash }, state, { alreadyShown: false });
  };
}
