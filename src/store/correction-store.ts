import type { Generated, Kysely } from 'kysely';
import type { CorrectionRecord, CorrectionStage } from '../updates/corrections.js';
import type { Database } from './schema.js';

// The corrections of published updates (migration 010): each recorded as requested before it is sent, then as
// applied or failed. Kept apart from the audit trail, which holds the HTTP exchanges they cause.

export interface CorrectionStore {
  /** Records one stage of a correction of the submission's published update. */
  record(submissionId: string, record: CorrectionRecord): Promise<void>;
  /** Every record of the submission's corrections, oldest first. */
  list(submissionId: string): Promise<CorrectionRecord[]>;
  /** The text of the last correction the provider accepted, or null when none was. */
  latestAppliedText(submissionId: string): Promise<string | null>;
}

interface CorrectionsTable {
  id: Generated<number>;
  correction_id: string;
  submission_id: string;
  stage: CorrectionStage;
  user_id: string;
  message: string;
  failure: string | null;
  at: string;
}

interface CorrectionDatabase extends Database {
  corrections: CorrectionsTable;
}

export class KyselyCorrectionStore implements CorrectionStore {
  private readonly db: Kysely<CorrectionDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<CorrectionDatabase>;
  }

  async record(submissionId: string, record: CorrectionRecord): Promise<void> {
    await this.db
      .insertInto('corrections')
      .values({
        correction_id: record.correctionId,
        submission_id: submissionId,
        stage: record.stage,
        user_id: record.userId,
        message: record.message,
        failure: record.failure,
        at: record.at.toISOString(),
      })
      .execute();
  }

  async list(submissionId: string): Promise<CorrectionRecord[]> {
    const rows = await this.db
      .selectFrom('corrections')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      correctionId: row.correction_id,
      stage: row.stage,
      userId: row.user_id,
      message: row.message,
      at: new Date(row.at),
      failure: row.failure,
    }));
  }

  async latestAppliedText(submissionId: string): Promise<string | null> {
    // Served by corrections_submission_idx.
    const row = await this.db
      .selectFrom('corrections')
      .select('message')
      .where('submission_id', '=', submissionId)
      .where('stage', '=', 'applied')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.message ?? null;
  }
}
