import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { correctPublishedUpdate, type CorrectionOutcome } from '../../../publishing/correct-published-update.js';
import { readCorrections, recordCorrection, summarizeCorrections, type CorrectionRecord } from '../../../publishing/correction-trail.js';
import { MESSAGE_MAX_LENGTH } from '../../../updates/draft.js';
import { correctionFormSubmissionId } from '../../corrections/correction-form.js';
import {
  buildCorrectedView,
  buildCorrectingView,
  buildCorrectionNotDoneView,
  supersededReason,
} from '../../corrections/correction-result-view.js';
import { CORRECTION_MESSAGE_ACTION, CORRECTION_MESSAGE_BLOCK_ID } from '../../blocks/ids.js';
import { showCorrectionInEcho } from '../../corrections/correction-echo.js';
import type { ListenerDeps } from '../listener-deps.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import type { Submission } from '../../../updates/submission.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The correction modal was submitted. The text is checked, then recorded in the submission's trail before the
 * modal is acknowledged (Slack allows 3 seconds, the provider may take longer), so it survives a crash; the
 * modal shows "Correcting…" with the text while the provider is asked, then the outcome. When the modal is gone
 * by then, the author hears privately.
 */
export function handleCorrectionSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const fieldError = (message: string) => ack({ response_action: 'errors', errors: { [CORRECTION_MESSAGE_BLOCK_ID]: message } });
    const submissionId = correctionFormSubmissionId(view.private_metadata);
    if (submissionId === null)
      return fieldError('Herald can no longer read this form. Copy your text, close the form and click "Correct last update" again.');
    const text = (view.state.values[CORRECTION_MESSAGE_BLOCK_ID]?.[CORRECTION_MESSAGE_ACTION]?.value ?? '').trim();
    if (text === '') return fieldError('Write the corrected message: it replaces what customers read.');
    if (text.length > MESSAGE_MAX_LENGTH)
      return fieldError(`Keep the message to ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters or fewer.`);

    let submission: Submission | null;
    let correction: CorrectionRecord;
    try {
      submission = await deps.store.getSubmission(submissionId);
      if (submission?.state !== 'published') {
        return fieldError('Herald no longer has the published update this corrects. Copy your text and post it with /status-update.');
      }
      // Checked again at submit: the form may have been opened by someone else, or membership changed since.
      const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? submission.teamId, body.user.id);
      if (refusal) return fieldError(refusal);
      const { applied } = summarizeCorrections(await readCorrections(deps.store, submission.id));
      if (text === (applied?.message ?? submission.draft.message)) {
        return fieldError('This is the text the status page shows already: change it, or Cancel.');
      }
      correction = { correctionId: randomUUID(), stage: 'requested', userId: body.user.id, message: text, at: deps.clock(), failure: null };
      await recordCorrection(deps.store, submission.id, correction);
    } catch (error) {
      deps.logger.error({ err: error }, 'could not store a correction');
      return fieldError(
        'Herald could not save the correction (its database did not answer). Nothing was changed and your text is still here: try again.',
      );
    }

    await ack({ response_action: 'update', view: buildCorrectingView(submission.draft, text) });
    const outcome = await correctPublishedUpdate(
      { store: deps.store, catalog: deps.catalog, logger: deps.logger, now: deps.clock },
      submission,
      correction,
    ).catch((error: unknown): CorrectionOutcome => {
      deps.logger.error({ err: error, submissionId: submission.id }, 'could not record the outcome of a correction');
      return {
        kind: 'failed',
        message:
          'Herald lost track of the correction (its database did not answer). Look at the status page to see whether it went through.',
      };
    });
    const echoUpdated =
      outcome.kind === 'corrected' &&
      (await showCorrectionInEcho(client, deps.logger, submission, { text, userId: body.user.id, at: deps.clock() }));
    const result = resultView(outcome, submission, text, echoUpdated);
    try {
      await client.views.update({ view_id: view.id, view: result });
    } catch (error) {
      // The modal is gone (closed, or Slack timed it out): the author still hears, with their text.
      deps.logger.info(
        { submissionId: submission.id, slackError: slackErrorCode(error) },
        'the correction modal could not be updated (closed?)',
      );
      if (outcome.kind !== 'corrected') {
        await client.chat
          .postMessage({ channel: body.user.id, text: 'Your correction was not applied.', blocks: result.blocks })
          .catch((notice: unknown) => deps.logger.warn({ err: notice }, 'could not tell the author their correction failed'));
      }
    }
    // The summary reads the corrected text from the trail; refreshed last, as the author is waiting on the modal.
    if (outcome.kind === 'corrected') await deps.liveSummary?.refresh(client, submission); // never throws
  };
}

function resultView(outcome: CorrectionOutcome, submission: Submission, text: string, echoUpdated: boolean): ModalView {
  const { draft } = submission;
  switch (outcome.kind) {
    case 'corrected':
      return buildCorrectedView({ draft, channelId: submission.channelId, echoUpdated });
    case 'superseded':
      return buildCorrectionNotDoneView({
        draft,
        submissionId: submission.id,
        text,
        reason: supersededReason(outcome.where),
        retry: false,
      });
    case 'failed':
      return buildCorrectionNotDoneView({ draft, submissionId: submission.id, text, reason: outcome.message, retry: true });
  }
}
