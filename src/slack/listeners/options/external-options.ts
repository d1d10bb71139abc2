import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { buildOptionsResponse } from '../../update-form/blocks/external-options.js';
import { componentChoices, pageChoices, postChoices } from '../../update-form/blocks/form-choices.js';
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
    await ack(buildOptionsResponse(postChoices(posts), body.value));
  };
}

export function handleComponentOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const { page, post } = decodeFormMetadata(body.view?.private_metadata ?? '');
    const options = page && post ? await deps.catalog.loadPostOptions(page.provider, page.id, post.kind) : null;
    await ack(buildOptionsResponse(componentChoices(options?.components ?? []), body.value));
  };
}
