import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { pageOptionValue } from '../../update-form/blocks/form-choices.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { choosePage, showAndFillForm, formStateFromCache } from '../../update-form/update-form-flow.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** The user picked a status page: load its open incidents and maintenance into the form. */
export function handlePageSelected(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SelectArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = decodeFormMetadata(view.private_metadata);
    const value = action.selected_option?.value ?? '';
    const { pages } = await deps.catalog.listPages();
    const page = pages.find((candidate) => pageOptionValue(candidate) === value);
    if (!page) {
      deps.logger.warn({ value }, 'a page that is not (or no longer) offered was picked');
      return;
    }
    const state = choosePage(deps.catalog, formStateFromCache(deps.catalog, metadata), page);
    await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: view.id, hash: view.hash }, state, {
      alreadyShown: false,
    });
  };
}
