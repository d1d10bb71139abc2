import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { MESSAGE_BLOCK_ID } from '../../blocks/ids.js';
import { buildPublishingView } from '../../blocks/publishing-view.js';
import { buildFailedView, buildPublishedView } from '../../blocks/result-view.js';
import { decodeFormMetadata, type FormMetadata } from '../../form-metadata.js';
import type { ListenerDeps } from '../../listener-deps.js';
import { parseUpdateForm } from '../../view-state.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The form was submitted. Field errors go back in the acknowledgement (Slack keeps what was typed);
 * a valid update is stored first, so nothing is lost, and published after the modal shows "Publishing…".
 */
export function handleUpdateFormSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    let metadata: FormMetadata;
    try {
      metadata = decodeFormMetadata(view.private_metadata);
    } catch (error) {
      deps.logger.warn({ err: error }, 'a form arrived with unreadable private_metadata');
      await ack({ response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: 'This form can no longer be read by Herald. Copy your text, close the form and run /status-update again.' } });
      return;
    }
    const parsed = parseUpdateForm(view.state.values, metadata, deps.clock());
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }

    let saved;
    try {
      saved = await deps.store.saveSubmission({
        // One submit of one modal state. A double click or a replayed request carries the same pair.
        key: `${view.id}:${view.hash}`,
        teamId: body.team?.id ?? metadata.teamId,
        userId: body.user.id,
        channelId: metadata.channelId,
        responseUrl: metadata.responseUrl,
        viewId: view.id,
        draft: parsed.draft,
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not store a submission');
      await ack({ response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: 'Herald could not save this update (its database did not answer). Nothing was published and your text is still here: try again.' } });
      return;
    }

    const { submission, created } = saved;
    if (!created && submission.state === 'published') {
      await ack({ response_action: 'update', view: buildPublishedView({ draft: submission.draft, entryUrl: submission.draft.post.url ?? submission.draft.page.url, channelId: submission.channelId, echoed: submission.echoState === 'posted' }) });
      return;
    }
    if (!created && submission.state === 'failed' && submission.failure) {
      await ack({ response_action: 'update', view: buildFailedView({ draft: submission.draft, failure: submission.failure, submissionId: submission.id }) });
      return;
    }
    await ack({ response_action: 'update', view: buildPublishingView(submission.draft) });
    deps.publisher.enqueue(submission.id);
  };
}
