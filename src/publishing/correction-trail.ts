import type { Store, StoredAttempt } from '../store/store.js';

// Corrections of a published update, kept in the submission's audit trail (the attempts table) next to the
// HTTP exchanges they cause. A correction is recorded as `requested`, with its text, before anything is
// sent, and then as `applied` or `failed`: a crash in between leaves a `requested` with no outcome, and its
// text is offered again the next time someone corrects that update. Nothing is lost, and no table is added.

/** Marks a trail row as a correction record rather than an HTTP exchange. */
export const CORRECTION_METHOD = 'CORRECTION';
const URL_PREFIX = 'herald:correction:';

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

export async function recordCorrection(store: Store, submissionId: string, record: CorrectionRecord): Promise<void> {
  await store.recordAttempt({
    submissionId,
    method: CORRECTION_METHOD,
    url: URL_PREFIX + record.stage,
    requestBody: { correctionId: record.correctionId, userId: record.userId, message: record.message },
    responseStatus: null,
    responseBody: record.failure === null ? null : { failure: record.failure },
    errorCode: null,
    startedAt: record.at,
    durationMs: 0,
  });
}

export async function readCorrections(store: Store, submissionId: string): Promise<CorrectionRecord[]> {
  const attempts = await store.listAttempts(submissionId);
  return attempts.flatMap((attempt) => {
    const record = toRecord(attempt);
    return record ? [record] : [];
  });
}

/** What the trail says about the entry's text now. */
export interface CorrectionSummary {
  /** The last correction the provider accepted: its text is what the page shows. */
  applied: CorrectionRecord | null;
  /** The newest correction that did not go through (failed, or never finished): its text is offered again. */
  unfinished: CorrectionRecord | null;
}

export function summarizeCorrections(records: CorrectionRecord[]): CorrectionSummary {
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

function toRecord(attempt: StoredAttempt): CorrectionRecord | null {
  if (attempt.method !== CORRECTION_METHOD || !attempt.url.startsWith(URL_PREFIX)) return null;
  const stage = attempt.url.slice(URL_PREFIX.length);
  if (stage !== 'requested' && stage !== 'applied' && stage !== 'failed') return null;
  const body = attempt.requestBody as { correctionId?: unknown; userId?: unknown; message?: unknown } | null;
  if (!body || typeof body.correctionId !== 'string' || typeof body.userId !== 'string' || typeof body.message !== 'string') return null;
  const failure = (attempt.responseBody as { failure?: unknown } | null)?.failure;
  return {
    correctionId: body.correctionId,
    stage,
    userId: body.userId,
    message: body.message,
    at: attempt.startedAt,
    failure: typeof failure === 'string' ? failure : null,
  };
}
