import type { Kysely } from 'kysely';
import type { ProviderId } from '../providers/provider.js';
import { submissionFromRow } from './rows.js';
import type { Database } from './schema.js';
import type { Submission } from '../updates/submission.js';

// The submissions one form submit made, one per status page (see migration 006). A retry after a failure
// joins the group of the submission it retries, so the group remembers every page already published.

export interface NewGroupMember {
  /** The key the member's submission is (or will be) stored under. */
  submissionKey: string;
  groupKey: string;
  provider: ProviderId;
  pageId: string;
  /** The page chosen in the form itself (the others are linked pages published alongside). */
  inForm: boolean;
}

export interface GroupMember extends NewGroupMember {
  createdAt: Date;
  /** Null while the submission is not stored yet (its group row is written first). */
  submission: Submission | null;
}

export interface SubmissionGroups {
  /** Records the members; a member already recorded is left as it is. */
  addMembers(members: NewGroupMember[], at: Date): Promise<void>;
  /** The group the submission stored under this key belongs to, or null. */
  groupKeyOf(submissionKey: string): Promise<string | null>;
  /** Every member of the group with its submission, oldest first. */
  listMembers(groupKey: string): Promise<GroupMember[]>;
  /**
   * Whether this submission is the one to tell the author how the submit `attemptKey` went: the first to ask
   * wins (one insert, so never two at once, across replicas too), and the winner asking again gets true
   * again (it may have crashed before telling). See migration 009.
   */
  claimNotice(attemptKey: string, submissionId: string, at: Date): Promise<boolean>;
}

interface SubmissionGroupsTable {
  submission_key: string;
  group_key: string;
  provider: string;
  page_id: string;
  in_form: number;
  created_at: string;
}

interface GroupNoticesTable {
  attempt_key: string;
  submission_id: string;
  claimed_at: string;
}

interface GroupDatabase extends Database {
  submission_groups: SubmissionGroupsTable;
  group_notices: GroupNoticesTable;
}

export class KyselySubmissionGroups implements SubmissionGroups {
  private readonly db: Kysely<GroupDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<GroupDatabase>;
  }

  async addMembers(members: NewGroupMember[], at: Date): Promise<void> {
    await insertGroupMembers(this.db as unknown as Kysely<Database>, members, at);
  }

  async groupKeyOf(submissionKey: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('submission_groups')
      .select('group_key')
      .where('submission_key', '=', submissionKey)
      .executeTakeFirst();
    return row?.group_key ?? null;
  }

  async listMembers(groupKey: string): Promise<GroupMember[]> {
    const rows = await this.db
      .selectFrom('submission_groups')
      .selectAll()
      .where('group_key', '=', groupKey)
      .orderBy('created_at')
      .orderBy('submission_key')
      .execute();
    if (rows.length === 0) return [];
    const submissions = await this.db
      .selectFrom('submissions')
      .selectAll()
      .where(
        'key',
        'in',
        rows.map((row) => row.submission_key),
      )
      .execute();
    const byKey = new Map(submissions.map((row) => [row.key, submissionFromRow(row)]));
    return rows.map((row) => ({
      submissionKey: row.submission_key,
      groupKey: row.group_key,
      provider: row.provider as ProviderId,
      pageId: row.page_id,
      inForm: Number(row.in_form) === 1,
      createdAt: new Date(row.created_at),
      submission: byKey.get(row.submission_key) ?? null,
    }));
  }

  async claimNotice(attemptKey: string, submissionId: string, at: Date): Promise<boolean> {
    await this.db
      .insertInto('group_notices')
      .values({ attempt_key: attemptKey, submission_id: submissionId, claimed_at: at.toISOString() })
      .onConflict((conflict) => conflict.column('attempt_key').doNothing())
      .execute();
    const winner = await this.db
      .selectFrom('group_notices')
      .select('submission_id')
      .where('attempt_key', '=', attemptKey)
      .executeTakeFirst();
    return winner?.submission_id === submissionId;
  }
}

/** Records group members (a member already recorded is left as it is), on `db` or inside a transaction. */
export async function insertGroupMembers(db: Kysely<Database>, members: readonly NewGroupMember[], at: Date): Promise<void> {
  if (members.length === 0) return;
  await (db as unknown as Kysely<GroupDatabase>)
    .insertInto('submission_groups')
    .values(
      members.map((member) => ({
        submission_key: member.submissionKey,
        group_key: member.groupKey,
        provider: member.provider,
        page_id: member.pageId,
        in_form: member.inForm ? 1 : 0,
        created_at: at.toISOString(),
      })),
    )
    .onConflict((conflict) => conflict.column('submission_key').doNothing())
    .execute();
}
