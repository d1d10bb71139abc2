// A correction edits the text of a published update in place. Each is recorded as `requested`, with its text,
// before anything is sent, and then as `applied` or `failed`: a crash in between leaves a `requested` with no
// outcome, and its text is offered again the next time someone corrects that update. Nothing is lost.

export type CorrectionStage = 'requested' | 'applied' | 'failed';

export interface CorrectionRecord {
  correctionId: string;
  stage: CorrectionStage;
  /** Who asked for the correction. */
  userId: string;
  /** The corrected text as typed in Slack. */
  message: string;
  at: Date;
  /** For `failed`: why, in the words the user was shown. */
  failure: string | null;
}

/** What the records say about the entry's text now. */
export interface CorrectionSummary {
  /** The last correction the provider accepted: its text is what the page shows. */
  applied: CorrectionRecord | null;
  /** The newest correction that did not go through (failed, or never finished): its text is offered again. */
  unfinished: CorrectionRecord | null;
}

/** `records`: one update's correction records, oldest first. */
export function summarizeCorrections(records: readonly CorrectionRecord[]): CorrectionSummary {
  const outcomes = new Map<string, CorrectionRecord>();
  for (const record of records) if (record.stage !== 'requested') outcomes.set(record.correctionId, record);
  let applied: CorrectionRecord | null = null;
  let unfinished: CorrectionRecord | null = null;
  for (const record of records) {
    if (record.stage === 'applied') {
      applied = record;
      unfinished = null; // an older attempt that went nowhere is overtaken by a newer accepted one
    } else if (record.stage === 'requested') {
      const outcome = outcomes.get(record.correctionId);
      if (!outcome) unfinished = record;
      else if (outcome.stage === 'failed') unfinished = outcome;
    }
  }
  return { applied, unfinished };
}
