import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { buildOptionsResponse } from '../../update-form/blocks/external-options.js';
import { NEW_POST_CHOICE, componentChoices, pageChoices, postChoices } from '../../update-form/blocks/form-choices.js';
import { loadFormOptions, optionsTarget } from '../../update-form/form-options.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';

type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

// Lists longer than a static select's 100 options become external selects; Slack asks for options
// as the user types. They are served from the catalog's cache, so the answer is immediate.

export function handlePageOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const { pages } = await deps.catalog.listPages();
    await ack(buildOptionsResponse(pageChoices(pages), body.value));
  };
}

export function handlePostOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const { page } = decodeFormMetadata(body.view?.private_metadata ?? '');
    const posts = page ? await deps.catalog.listOpenPosts(page.provider, page.id) : [];
    await ack(buildOptionsResponse([NEW_POST_CHOICE, ...postChoices(posts)], body.value));
  };
}

export function handleComponentOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const metadata = decodeFormMetadata(body.view?.private_metadata ?? '');
    const options = optionsTarget(metadata) ? await loadFormOptions(deps.catalog, metadata) : null;
    await ack(buildOptionsResponse(componentChoices(options?.components ?? []), body.value));
  };
}
