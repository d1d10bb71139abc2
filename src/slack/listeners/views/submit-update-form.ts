import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { formSubmitKey } from '../../../submitting/submission-key.js';
import { type SubmitField, type SubmitUpdateResult, submitUpdate } from '../../../submitting/submit-update.js';
import { ANSWER_WITHIN_MS, beforeSlackGivesUp } from '../../http/answer-deadline.js';
import { groupOutcomeReader } from '../../../submitting/group-outcome.js';
import { MESSAGE_BLOCK_ID, messageBlockId } from '../../update-form/blocks/update-form-ids.js';
import { LINKED_PAGES_BLOCKS } from '../../update-form/blocks/update-form-links.js';
import { decodeFormMetadata, type FormMetadata } from '../../update-form/form-metadata.js';
import { parseUpdateForm, readLinkChoices } from '../../update-form/read-update-form.js';
import { findingsAnswer, publicTextContextOf } from '../../update-form/public-text-context.js';
import { buildPublishingView } from '../../outcome/publishing-view.js';
import { viewOfStoredSubmit } from '../../outcome/stored-submit-view.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import type { ListenerDeps } from '../listener-deps.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Where each refusal of the use case shows in the form. */
function blockOf(field: SubmitField, metadata: FormMetadata): string {
  return field === 'message' ? messageBlockId(metadata.messageRevision ?? 0) : LINKED_PAGES_BLOCKS.alsoPublish;
}
const TOO_SLOW =
  'Herald’s database did not answer in time: your text is still here, submit again in a moment. If this try did reach the database after all, the update is published once, never twice.';
/** Slack shows a field error of at most 2,000 characters. */
const FIELD_ERROR_MAX_LENGTH = 1900;

/**
 * The form was submitted. Field errors go back in the acknowledgement (Slack keeps what was typed); a valid
 * update is stored first (submitting/submit-update.ts), so nothing is lost, and published once the modal
 * shows "Publishing…".
 */
export function handleUpdateFormSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const started = Date.now();
    const fieldError = (blockId: string, text: string) =>
      ack({ response_action: 'errors', errors: { [blockId]: text.slice(0, FIELD_ERROR_MAX_LENGTH) } });
    let metadata: FormMetadata;
    try {
      metadata = decodeFormMetadata(view.private_metadata);
    } catch (error) {
      deps.logger.warn({ err: error }, 'a form arrived with unreadable private_metadata');
      return fieldError(
        MESSAGE_BLOCK_ID,
        'This form can no longer be read by Herald. Copy your text, close the form and run /status-update again.',
      );
    }
    const teamId = body.team?.id ?? metadata.teamId;
    // Asked again here, not only when the form opened: group membership can change while someone types.
    const refusal = await publishRefusal(deps.publishers, client, teamId, body.user.id);
    const messageBlock = messageBlockId(metadata.messageRevision ?? 0);
    if (refusal) return fieldError(messageBlock, refusal);
    const parsed = parseUpdateForm(view.state.values, metadata, deps.clock());
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });

    const submitting = submitUpdate(
      {
        ...deps.stores,
        catalog: deps.catalog,
        logger: deps.logger,
        clock: deps.clock,
        publish: (id) => deps.publisher.enqueue(id),
        maxUpdatesPerMinute: deps.maxUpdatesPerMinute,
        internalPatterns: deps.internalPatterns,
      },
      {
        key: formSubmitKey(view),
        origin: { teamId, userId: body.user.id, channelId: metadata.channelId, responseUrl: metadata.responseUrl, viewId: view.id },
        update: {
          draft: parsed.draft,
          retryOf: metadata.submissionId,
          ...readLinkChoices(view.state.values, metadata),
          publicText: publicTextContextOf(deps.catalog, view.state.values, metadata),
        },
      },
    );
    // A database that stops answering without hanging up would hold the answer past Slack's 3 seconds. What the
    // submit stores after this is published by the sweep, once; the author is told so.
    const result = await beforeSlackGivesUp(
      submitting,
      (): SubmitUpdateResult => {
        deps.logger.warn('a submit ran past Slack’s 3 seconds (the database is slow to answer); refused in the form');
        return { outcome: 'refused', field: 'message', reason: TOO_SLOW };
      },
      ANSWER_WITHIN_MS - (Date.now() - started),
    );
    if (result.outcome === 'refused') return fieldError(blockOf(result.field, metadata), result.reason);
    if (result.outcome === 'checked') return ack(findingsAnswer(view, result, messageBlock));
    // Stored before (a double click, or Slack sending it again): how that submit stands, for every page it went to.
    const stored = result.firstTime ? null : await viewOfStoredSubmit(groupOutcomeReader(deps.stores.groups), result.submission);
    await ack({ response_action: 'update', view: stored ?? buildPublishingView(result.submission.draft) });
    result.startPublishing();
  };
}
