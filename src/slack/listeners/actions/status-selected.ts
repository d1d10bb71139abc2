import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { resolveWarningFor } from '../../update-form/blocks/resolve-warning.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { completeFormState, formStateFromCache, showForm } from '../../update-form/update-form-flow.js';
import { RESOLVE_WARNING_BLOCK_ID } from '../../update-form/blocks/update-form-ids.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/**
 * The user picked a status. Closing the post (resolved, completed) while components still show a problem
 * brings a warning, with "Set all operational", under the status; picking another status takes it away.
 * Everything else the user entered stays: the input blocks keep their ids.
 */
export function handleStatusSelected(deps: ListenerDeps) {
  return async ({ ack, body, client }: SelectArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = decodeFormMetadata(view.private_metadata);
    const { page, post } = metadata;
    if (!page || !post) return;
    const options = await deps.catalog.loadPostOptions(page.provider, page.id, post.kind);
    const warning = resolveWarningFor(view.state.values, metadata, options);
    const shown = view.blocks.some((block) => block.block_id === RESOLVE_WARNING_BLOCK_ID);
    if (!warning && !shown) return;
    // Rebuilt from the lists, loading any that expired meanwhile, so no block the user filled disappears.
    const state = await completeFormState(deps.catalog, formStateFromCache(deps.catalog, metadata));
    await showForm(client, deps.logger, { id: view.id, hash: view.hash }, { ...state, resolveWarning: warning });
  };
}
