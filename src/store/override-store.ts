import type { Generated, Kysely } from 'kysely';
import type { FindingField, FindingKind } from '../updates/public-text/finding.js';
import type { Database } from './schema.js';

// Who ticked "Publish anyway" over the check before publishing, for which submission, and what the check had
// found (migration 015): part of the audit trail, kept apart from its HTTP exchanges. Summaries never quote a
// secret (a secret cannot be overridden at all), so nothing here needs pruning.

export interface OverriddenFinding {
  kind: FindingKind;
  field: FindingField;
  summary: string;
}

export interface PublicTextOverride {
  submissionId: string;
  userId: string;
  findings: OverriddenFinding[];
  at: Date;
}

export interface OverrideStore {
  record(override: PublicTextOverride): Promise<void>;
  /** The overrides of one submission, oldest first. */
  list(submissionId: string): Promise<PublicTextOverride[]>;
}

interface OverridesTable {
  id: Generated<number>;
  submission_id: string;
  user_id: string;
  findings: string;
  at: string;
}

interface OverrideDatabase extends Database {
  public_text_overrides: OverridesTable;
}

export class KyselyOverrideStore implements OverrideStore {
  private readonly db: Kysely<OverrideDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<OverrideDatabase>;
  }

  async record(override: PublicTextOverride): Promise<void> {
    await this.db
      .insertInto('public_text_overrides')
      .values({
        submission_id: override.submissionId,
        user_id: override.userId,
        findings: JSON.stringify(override.findings.map(({ kind, field, summary }) => ({ kind, field, summary }))),
        at: override.at.toISOString(),
      })
      .execute();
  }

  async list(submissionId: string): Promise<PublicTextOverride[]> {
    const rows = await this.db
      .selectFrom('public_text_overrides')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      submissionId: row.submission_id,
      userId: row.user_id,
      findings: parseFindings(row.findings),
      at: new Date(row.at),
    }));
  }
}

function parseFindings(json: string): OverriddenFinding[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as OverriddenFinding[]) : [];
  } catch {
    return [];
  }
}
