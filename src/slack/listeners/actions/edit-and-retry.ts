import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildUpdateForm } from '../../update-form/blocks/update-form.js';
import { newFormMetadata, type FormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { showAndFillForm, formStateFromCache } from '../../update-form/update-form-flow.js';
import { formLinks } from '../../update-form/form-links.js';
import { opensPost } from '../../../updates/draft.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Edit and retry" after a failed publish: the form comes back with everything the user typed, read from the
 * store (so it works after a restart, and from a notice long after the modal closed). From the result modal
 * it replaces the modal; from a message (the modal was gone) it opens a new one.
 */
export function handleEditAndRetry(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    // Only a button on a message comes with a response_url; one in a modal can only be answered in the modal.
    const tell = async (text: string) => {
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
    const submission = await deps.stores.submissions.getSubmission(action.value ?? '').catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not read the submission to edit');
      return null;
    });
    if (!submission) {
      await tell('Herald no longer has that update. Run `/status-update` to write it again.');
      return;
    }
    const { draft } = submission;
    let metadata: FormMetadata;
    try {
      const provider = deps.catalog.provider(draft.provider);
      // A post that failed to open comes back as the create form, with its title and window.
      const opening = opensPost(draft) ? { kind: draft.post.kind, capabilities: provider.opening } : null;
      metadata = {
        ...newFormMetadata({ channelId: submission.channelId, teamId: submission.teamId, responseUrl: submission.responseUrl }),
        page: { provider: draft.provider, id: draft.page.id, name: draft.page.name, url: draft.page.url },
        post: opening ? null : draft.post,
        capabilities: provider.capabilities,
        submissionId: submission.id,
        // Pages the update already reached are left out: a retry sends it only where it is still missing.
        links: opening ? [] : await formLinks(deps, submission.channelId, submission.id),
        ...(opening ? { opening } : {}),
      };
    } catch (error) {
      deps.logger.warn({ err: error }, 'the update to edit is for a status page this Herald does not have');
      await tell(
        `${error instanceof Error ? error.message : 'That status page is not available.'} Run \`/status-update\` to publish to another one.`,
      );
      return;
    }
    const state = formStateFromCache(
      deps.catalog,
      metadata,
      draft,
      submission.failure ? `Last attempt: ${submission.failure.message}` : null,
    );
    try {
      const view = body.view
        ? (await client.views.update({ view_id: body.view.id, view: buildUpdateForm(state) })).view
        : (await client.views.open({ trigger_id: body.trigger_id, view: buildUpdateForm(state) })).view;
      if (view?.id)
        await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: view.id, hash: view.hash }, state, {
          alreadyShown: true,
        });
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'could not reopen the form');
      await tell(
        `Slack did not let Herald reopen the form (${slackErrorCode(error)}). Click "Edit and retry" again, or run \`/status-update\`.`,
      );
    }
  };
}
