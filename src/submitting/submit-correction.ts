import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import { type CorrectionOutcome, correctPublishedUpdate } from '../publishing/correct-published-update.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { CorrectionStore } from '../store/correction-store.js';
import type { SubmissionStore } from '../store/submission-store.js';
import { type CorrectionRecord, summarizeCorrections } from '../updates/corrections.js';
import { MESSAGE_MAX_LENGTH } from '../updates/draft.js';
import type { Submission } from '../updates/submission.js';

// A submitted correction of a published update: the text is checked, then recorded as requested before
// anything is sent (the provider may take longer than Slack waits for an answer), so it survives a crash and
// is offered again; `send` then asks the provider and records the outcome.

export interface SubmitCorrectionDeps {
  submissions: SubmissionStore;
  corrections: CorrectionStore;
  channels: ChannelStore;
  catalog: ProviderCatalog;
  logger: Logger;
  clock: () => Date;
}

export interface CorrectionSubmit {
  /** The published update being corrected. */
  submissionId: string;
  /** The corrected text, as typed. */
  text: string;
  userId: string;
  /**
   * Why this person may not publish, or null when they may. Who may publish is Slack's to say (user groups);
   * asked with the update's workspace, for an org-wide install whose request names none.
   */
  refusal: (updateTeamId: string | null) => Promise<string | null>;
}

export type SubmitCorrectionResult =
  /** Nothing was recorded or sent: say why, with the text kept. */
  | { outcome: 'refused'; reason: string }
  /** Recorded as requested. `send` asks the provider and records the outcome; it never throws. */
  | { outcome: 'recorded'; submission: Submission; text: string; send: () => Promise<CorrectionOutcome> };

export async function submitCorrection(deps: SubmitCorrectionDeps, submit: CorrectionSubmit): Promise<SubmitCorrectionResult> {
  const refused = (reason: string): SubmitCorrectionResult => ({ outcome: 'refused', reason });
  const text = submit.text.trim();
  if (text === '') return refused('Write the corrected message: it replaces what customers read.');
  if (text.length > MESSAGE_MAX_LENGTH)
    return refused(`Keep the message to ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters or fewer.`);

  let submission: Submission | null;
  let correction: CorrectionRecord;
  try {
    submission = await deps.submissions.getSubmission(submit.submissionId);
    if (submission?.state !== 'published') {
      return refused('Herald no longer has the published update this corrects. Copy your text and post it with /status-update.');
    }
    // Asked again at submit: the form may have been opened by someone else, or membership changed since.
    const refusal = await submit.refusal(submission.teamId);
    if (refusal) return refused(refusal);
    const { applied } = summarizeCorrections(await deps.corrections.list(submission.id));
    if (text === (applied?.message ?? submission.draft.message))
      return refused('This is the text the status page shows already: change it, or Cancel.');
    correction = { correctionId: randomUUID(), stage: 'requested', userId: submit.userId, message: text, at: deps.clock(), failure: null };
    await deps.corrections.record(submission.id, correction);
  } catch (error) {
    deps.logger.error({ err: error }, 'could not store a correction');
    return refused(
      'Herald could not save the correction (its database did not answer). Nothing was changed and your text is still here: try again.',
    );
  }

  const recorded = submission;
  return {
    outcome: 'recorded',
    submission: recorded,
    text,
    send: () =>
      correctPublishedUpdate({ ...deps, now: deps.clock }, recorded, correction).catch((error: unknown): CorrectionOutcome => {
        deps.logger.error({ err: error, submissionId: recorded.id }, 'could not record the outcome of a correction');
        return {
          kind: 'failed',
          message:
            'Herald lost track of the correction (its database did not answer). Look at the status page to see whether it went through.',
        };
      }),
  };
}
