import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { CorrectionOutcome } from '../../../publishing/correct-published-update.js';
import { correctionFormSubmissionId } from '../../corrections/correction-form.js';
import {
  buildCorrectedView,
  buildCorrectingView,
  buildCorrectionNotDoneView,
  supersededReason,
} from '../../corrections/correction-result-view.js';
import { showCorrectionInEcho } from '../../corrections/correction-echo.js';
import type { ListenerDeps } from '../listener-deps.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import type { Submission } from '../../../updates/submission.js';
import { CORRECTION_MESSAGE_ACTION, CORRECTION_MESSAGE_BLOCK_ID } from '../../corrections/correction-ids.js';
import { submitCorrection } from '../../../submitting/submit-correction.js';
import { tellAuthorPrivately, updateModal } from '../../outcome/tell-author.js';
import { echoShapeOf } from '../../outcome/echo-shape.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The correction modal was submitted. The text is checked and recorded (submitting/submit-correction.ts) before
 * the modal is acknowledged (Slack allows 3 seconds, the provider may take longer), so it survives a crash; the
 * modal shows "Correcting…" with the text while the provider is asked, then the outcome. When the modal is gone
 * by then, the author hears privately.
 */
export function handleCorrectionSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const fieldError = (message: string) => ack({ response_action: 'errors', errors: { [CORRECTION_MESSAGE_BLOCK_ID]: message } });
    const submissionId = correctionFormSubmissionId(view.private_metadata);
    if (submissionId === null)
      return fieldError('Herald can no longer read this form. Copy your text, close the form and click "Correct last update" again.');
    const result = await submitCorrection(
      { ...deps.stores, catalog: deps.catalog, logger: deps.logger, clock: deps.clock },
      {
        submissionId,
        text: view.state.values[CORRECTION_MESSAGE_BLOCK_ID]?.[CORRECTION_MESSAGE_ACTION]?.value ?? '',
        userId: body.user.id,
        refusal: (updateTeamId) => publishRefusal(deps.publishers, client, body.team?.id ?? updateTeamId, body.user.id),
      },
    );
    if (result.outcome === 'refused') return fieldError(result.reason);

    const { submission, text } = result;
    await ack({ response_action: 'update', view: buildCorrectingView(submission.draft, text) });
    const outcome = await result.send();
    const echoUpdated =
      outcome.kind === 'corrected' &&
      (await showCorrectionInEcho(
        client,
        deps.logger,
        submission,
        { text, userId: body.user.id, at: deps.clock() },
        await echoShapeOf(deps, submission),
      ));
    const shown = resultView(outcome, submission, text, echoUpdated);
    // The modal is gone (closed, or Slack timed it out): a correction that did not go through is told privately, with the text.
    if (!(await updateModal(client, deps.logger, view.id, shown)) && outcome.kind !== 'corrected') {
      await tellAuthorPrivately(
        client,
        deps.logger,
        { userId: body.user.id, responseUrl: null },
        { text: 'Your correction was not applied.', blocks: shown.blocks },
      ).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell the author their correction failed'));
    }
    // The summary shows the corrected text; refreshed last, as the author is waiting on the modal.
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
