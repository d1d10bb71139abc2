import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { postOptionValue } from '../../update-form/blocks/form-choices.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { showAndFillForm, formStateFromCache } from '../../update-form/update-form-flow.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** The user picked the incident or maintenance to update: load its statuses and components. */
export function handlePostSelected(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SelectArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = decodeFormMetadata(view.private_metadata);
    const page = metadata.page;
    if (!page) return;
    const value = action.selected_option?.value ?? '';
    const posts = await deps.catalog.listOpenPosts(page.provider, page.id);
    const post = posts.find((candidate) => postOptionValue(candidate) === value);
    if (!post) {
      deps.logger.warn({ value }, 'a post that is not (or no longer) open was picked');
      return;
    }
    const state = formStateFromCache(deps.catalog, { ...metadata, post, components: [] });
    await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: view.id, hash: view.hash }, state, {
      alreadyShown: false,
    });
  };
}
