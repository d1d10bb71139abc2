import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildUpdateForm } from '../../blocks/update-form.js';
import type { FormMetadata } from '../../form-metadata.js';
import type { ListenerDeps } from '../../listener-deps.js';
import { showAndFillForm, formStateFromCache } from '../../update-form-flow.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Edit and retry" after a failed publish: the form comes back with everything the user typed.
 * From the result modal it replaces the modal; from a message (the modal was closed) it opens a new one.
 */
export function handleEditAndRetry(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const submission = await deps.store.getSubmission(action.value ?? '');
    if (!submission) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Herald no longer has that update. Run `/status-update` to write it again.' });
      return;
    }
    const { draft } = submission;
    const metadata: FormMetadata = {
      v: 1,
      channelId: submission.channelId,
      teamId: submission.teamId,
      responseUrl: submission.responseUrl,
      page: { provider: draft.provider, id: draft.page.id, name: draft.page.name, url: draft.page.url },
      post: draft.post,
      components: [],
      capabilities: deps.catalog.provider(draft.provider).capabilities,
      submissionId: submission.id,
    };
    const state = formStateFromCache(deps.catalog, metadata, draft, submission.failure ? `Last attempt: ${submission.failure.message}` : null);
    const view = body.view
      ? (await client.views.update({ view_id: body.view.id, view: buildUpdateForm(state) })).view
      : (await client.views.open({ trigger_id: body.trigger_id, view: buildUpdateForm(state) })).view;
    if (view?.id) await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: view.id, hash: view.hash }, state, { alreadyShown: true });
  };
}
