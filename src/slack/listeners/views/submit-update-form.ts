import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { MESSAGE_BLOCK_ID } from '../../blocks/ids.js';
import { buildPublishingView } from '../../outcome/publishing-view.js';
import { decodeFormMetadata, type FormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { groupOutcomeReader } from '../../../submitting/group-outcome.js';
import { type LinkedPlan, planLinkedPublishing } from '../../../submitting/linked-publishing.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { viewOfStoredSubmit } from '../../outcome/stored-submit-view.js';
import { updateRateRefusal } from '../../../submitting/update-rate-refusal.js';
import { parseUpdateForm } from '../../update-form/read-update-form.js';
import type { Submission } from '../../../updates/submission.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The form was submitted. Field errors go back in the acknowledgement (Slack keeps what was typed);
 * a valid update is stored first, so nothing is lost, and published after the modal shows "Publishing…".
 */
export function handleUpdateFormSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    let metadata: FormMetadata;
    try {
      metadata = decodeFormMetadata(view.private_metadata);
    } catch (error) {
      deps.logger.warn({ err: error }, 'a form arrived with unreadable private_metadata');
      await ack({
        response_action: 'errors',
        errors: {
          [MESSAGE_BLOCK_ID]: 'This form can no longer be read by Herald. Copy your text, close the form and run /status-update again.',
        },
      });
      return;
    }
    // Checked again here, not only when the form opened: group membership can change while someone types.
    const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? metadata.teamId, body.user.id);
    if (refusal) {
      await ack({ response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: refusal } });
      return;
    }
    const parsed = parseUpdateForm(view.state.values, metadata, deps.clock());
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }

    // One submit of one modal state. A double click or a replayed request carries the same pair.
    const key = `${view.id}:${view.hash}`;
    const now = deps.clock();
    // Before saving: a refused update is not stored, and Slack keeps the form as typed under the error.
    const overLimit = await updateRateRefusal(
      { store: deps.store, logger: deps.logger, limit: deps.maxUpdatesPerMinute },
      { key, userId: body.user.id, draft: parsed.draft },
      now,
    );
    if (overLimit) {
      await ack({ response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: overLimit } });
      return;
    }

    // The channel's other linked pages ticked in the form get the same update; "Remember" links this incident.
    let linked: LinkedPlan;
    try {
      linked = await planLinkedPublishing(deps, {
        key,
        channelId: metadata.channelId,
        userId: body.user.id,
        now,
        draft: parsed.draft,
        metadata,
        values: view.state.values,
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not read the channel links');
      linked = {
        ok: false as const,
        errors: {
          [MESSAGE_BLOCK_ID]:
            'Herald could not read this channel’s linked pages (its database did not answer). Nothing was published and your text is still here: try again.',
        },
      };
    }
    if (!linked.ok) {
      await ack({ response_action: 'errors', errors: linked.errors });
      return;
    }

    let saved: { submission: Submission; created: boolean } | undefined;
    let alsoSaved: Submission[];
    try {
      await linked.recordGroup(now);
      saved = await deps.store.saveSubmission(
        {
          key,
          teamId: body.team?.id ?? metadata.teamId,
          userId: body.user.id,
          channelId: metadata.channelId,
          responseUrl: metadata.responseUrl,
          viewId: view.id,
          draft: parsed.draft,
        },
        now,
      );
      alsoSaved = await linked.saveOthers(saved.submission, now);
    } catch (error) {
      deps.logger.error({ err: error }, 'could not store a submission');
      // The form's own page may be stored already (and will then be published): say so; submitting again
      // stores the other pages under the same keys, and never publishes one twice.
      const text = saved
        ? `Herald saved this update for ${parsed.draft.page.name} but not for the other linked pages (its database did not answer). It will be published on ${parsed.draft.page.name}; submit again to send it to the others.`
        : 'Herald could not save this update (its database did not answer). Nothing was published and your text is still here: try again.';
      await ack({ response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: text } });
      return;
    }

    const { submission, created } = saved;
    await linked.rememberIfAsked(body.user.id, now);
    for (const other of alsoSaved) deps.publisher.enqueue(other.id);
    // Stored already (a double click, or Slack sending it again): how it stands, for every page it went to.
    const stored = created ? null : await viewOfStoredSubmit(groupOutcomeReader(deps.store), submission);
    if (stored) {
      await ack({ response_action: 'update', view: stored });
      return;
    }
    await ack({ response_action: 'update', view: buildPublishingView(submission.draft) });
    deps.publisher.enqueue(submission.id);
  };
}
