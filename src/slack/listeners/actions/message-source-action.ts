import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { MessageSource } from '../../update-form/blocks/message-tools.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import { loadFormOptions, optionsTarget } from '../../update-form/form-options.js';
import { fillMessage, showFilledForm } from '../../update-form/message-fill.js';
import { textFromSource } from '../../update-form/message-sources.js';
import { teamOf } from '../templates/template-access.js';
import type { ListenerDeps } from '../listener-deps.js';

export type MessageSourceArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

// The template select, "Start from the last update" and "Replace the message" all come here: read which text the
// user asked for, get it, and show the form with it (message-fill.ts decides what it may replace).

export async function fillFormFrom(
  deps: ListenerDeps,
  { body, client }: Pick<MessageSourceArgs, 'body' | 'client'>,
  source: MessageSource,
  confirmed: boolean,
): Promise<void> {
  const view = body.view;
  if (!view) return;
  const metadata = decodeFormMetadata(view.private_metadata);
  const options = optionsTarget(metadata) ? await loadFormOptions(deps.catalog, metadata).catch(() => null) : null;
  const values: unknown = view.state?.values;
  const offered = await textFromSource(
    { templates: deps.stores.templates, channels: deps.stores.channels, clock: deps.clock },
    { teamId: teamOf(body) || (metadata.teamId ?? ''), values, metadata, options, author: body.user.name ?? '' },
    source,
  );
  if (offered === null) {
    deps.logger.info({ source: source.kind }, 'nothing to fill the message with (a template deleted, or no update through Herald)');
    return;
  }
  const filled = fillMessage(values, metadata, offered, confirmed);
  await showFilledForm(
    { client, catalog: deps.catalog, logger: deps.logger },
    { id: view.id, hash: view.hash, values },
    metadata,
    options,
    filled,
  );
}
