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
    // Each member with its submission, when stored: one statement, whatever the group's size.
    const rows = await this.db
      .selectFrom('submission_groups')
      .leftJoin('submissions', 'submissions.key', 'submission_groups.submission_key')
      .selectAll('submissions')
      .select([
        'submission_groups.submission_key',
        'submission_groups.group_key',
        'submission_groups.provider as member_provider',
        'submission_groups.page_id as member_page_id',
        'submission_groups.in_form',
        'submission_groups.created_at as member_created_at',
      ])
      .where('submission_groups.group_key', '=', groupKey)
      .orderBy('submission_groups.created_at')
      .orderBy('submission_groups.submission_key')
      .execute();
    return rows.map((row) => ({
      submissionKey: row.submission_key,
      groupKey: row.group_key,
      provider: row.member_provider as ProviderId,
      pageId: row.member_page_id,
      inForm: Number(row.in_form) === 1,
      createdAt: new Date(row.member_created_at),
      submission: row.id === null ? null : submissionFromRow(row as never),
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

/**
 * Records group members (a member already recorded is left as it is), on `db` or inside a transaction. One
 * statement a member, so the statement is the same however many pages a submit went to.
 */
export async function insertGroupMembers(db: Kysely<Database>, members: readonly NewGroupMember[], at: Date): Promise<void> {
  for (const member of members) {
    await (db as unknown as Kysely<GroupDatabase>)
      .insertInto('submission_groups')
      .values({
        submission_key: member.submissionKey,
        group_key: member.groupKey,
        provider: member.provider,
        page_id: member.pageId,
        in_form: member.inForm ? 1 : 0,
        created_at: at.toISOString(),
      })
      .onConflict((conflict) => conflict.column('submission_key').doNothing())
      .execute();
  }
}
