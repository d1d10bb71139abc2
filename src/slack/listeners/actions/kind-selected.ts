import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { chooseOpening, formStateFromCache, showAndFillForm } from '../../update-form/update-form-flow.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** Opening a post, the user picked incident or maintenance: the statuses differ, and a maintenance has a window. */
export function handleKindSelected(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SelectArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = decodeFormMetadata(view.private_metadata);
    const kind = action.selected_option?.value;
    if (!metadata.opening || (kind !== 'incident' && kind !== 'maintenance') || kind === metadata.opening.kind) return;
    const state = chooseOpening(deps.catalog, formStateFromCache(deps.catalog, metadata), kind);
    await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: view.id, hash: view.hash }, state, {
      alreadyShown: false,
    });
  };
}
