import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { operationalImpact } from '../../update-form/blocks/resolve-warning.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { completeFormState, formStateFromCache, showForm } from '../../update-form/update-form-flow.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Set all operational" under the resolve warning: every component select is set to operational. Slack keeps
 * what a user picked in an input while its block id stays the same, so the impact blocks get new ids (the
 * metadata's impactRevision); the other inputs keep theirs, and with them the status and text entered.
 */
export function handleSetAllOperational(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = decodeFormMetadata(view.private_metadata);
    const { page, post } = metadata;
    if (!page || !post) return;
    const options = await deps.catalog.loadPostOptions(page.provider, page.id, post.kind);
    const operational = operationalImpact(options.impacts);
    if (!operational) {
      deps.logger.warn({ provider: page.provider }, 'no operational status among the impacts; nothing to set');
      return;
    }
    const next = { ...metadata, impactRevision: (metadata.impactRevision ?? 0) + 1 };
    const state = await completeFormState(deps.catalog, formStateFromCache(deps.catalog, next));
    const componentPreset = Object.fromEntries(options.components.map((component) => [component.id, operational.id]));
    await showForm(client, deps.logger, { id: view.id, hash: view.hash }, { ...state, componentPreset, resolveWarning: null });
  };
}
