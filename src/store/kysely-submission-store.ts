import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { Database, Engine, SubmissionsTable } from './schema.js';
import { ownerIsGone, type OwnerLock } from './owner-lock.js';
import { attemptFromRow, bodyToColumn, failureToColumn, submissionFromRow } from './rows.js';
import type { ClaimOptions, OpenedRecord, RecentSubmissionsOf, SavedSubmission, SubmissionStore } from './submission-store.js';
import { scheduleMaintenanceRemindersOn } from './maintenance-reminder-store.js';
import { saveLinkOn } from './channel-store.js';
import type { ChannelLinkCache } from './channel-link-cache.js';
import { insertGroupMembers, type NewGroupMember } from './submission-groups.js';
import type { EchoState, NewSubmission, PublishFailure, Submission } from '../updates/submission.js';
import type { AttemptRecord, StoredAttempt } from './audit-trail.js';

// The Store on any Kysely database with our schema. Every state change is one statement, so two
// publishers (or a publisher and a restart) can race without a transaction or a lock of our own.

type SubmissionsExpressions = ExpressionBuilder<Database, 'submissions'>;

export interface KyselyStoreOptions {
  /** Default: a fresh random id. */
  ownerId?: string;
  /** PostgreSQL: the lock that tells other processes this one is alive (see owner-lock.ts). */
  ownerLock?: OwnerLock;
  /** SQLite: the channel store's links kept in memory, forgotten when an opened post links its channel. */
  linkCache?: ChannelLinkCache;
}

export class KyselySubmissionStore implements SubmissionStore {
  readonly ownerId: string;
  private readonly ownerLock: OwnerLock | undefined;
  private readonly linkCache: ChannelLinkCache | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    readonly engine: Engine,
    options: KyselyStoreOptions = {},
  ) {
    this.ownerId = options.ownerId ?? randomUUID();
    this.ownerLock = options.ownerLock;
    this.linkCache = options.linkCache;
  }

  async saveSubmission(submission: NewSubmission, at = new Date()): Promise<SavedSubmission> {
    return saveOn(this.db, submission, at);
  }

  async saveSubmit(
    submit: { submissions: readonly NewSubmission[]; group: readonly NewGroupMember[] },
    at = new Date(),
  ): Promise<SavedSubmission[]> {
    return this.db.transaction().execute(async (trx) => {
      await insertGroupMembers(trx, submit.group, at);
      const saved: SavedSubmission[] = [];
      for (const submission of submit.submissions) saved.push(await saveOn(trx, submission, at));
      return saved;
    });
  }

  async getSubmission(id: string): Promise<Submission | null> {
    const row = await this.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : submissionFromRow(row);
  }

  async recentSubmissionTimes(author: RecentSubmissionsOf, since: Date, limit: number): Promise<Date[]> {
    // Served by submissions_author_post_created_idx (migration 007).
    const rows = await this.db
      .selectFrom('submissions')
      .select('created_at')
      .where('user_id', '=', author.userId)
      .where('provider', '=', author.provider)
      .where('page_id', '=', author.pageId)
      .where('post_id', '=', author.postId)
      .where('created_at', '>=', since.toISOString())
      .where('state', '!=', 'failed')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => new Date(row.created_at));
  }

  async findSubmissionByKey(key: string): Promise<Submission | null> {
    const row = await this.db.selectFrom('submissions').selectAll().where('key', '=', key).executeTakeFirst();
    return row === undefined ? null : submissionFromRow(row);
  }

  async claimSubmission(id: string, leaseMs: number, now = new Date(), options: ClaimOptions = {}): Promise<Submission | null> {
    const nowText = now.toISOString();
    // One conditional UPDATE: on PostgreSQL a racing claim waits for the row lock, then re-checks
    // the WHERE against the winner's row and matches nothing; SQLite serialises writers outright.
    const row = await this.db
      .updateTable('submissions')
      .set((eb) => ({
        // Published or failed keep their state: only telling the author is left.
        state: eb
          .case()
          .when('state', 'in', ['pending', 'publishing'])
          .then('publishing' as const)
          .else(eb.ref('state'))
          .end(),
        attempt_count: eb
          .case()
          .when('state', 'in', ['pending', 'publishing'])
          .then(eb('attempt_count', '+', 1))
          .else(eb.ref('attempt_count'))
          .end(),
        lease_until: new Date(now.getTime() + leaseMs).toISOString(),
        lease_owner: this.ownerId,
        updated_at: nowText,
      }))
      .where('id', '=', id)
      .where((eb) => this.claimable(eb, nowText, options))
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : submissionFromRow(row);
  }

  async renewLease(id: string, leaseMs: number, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('submissions')
      .set({ lease_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('id', '=', id)
      .where('lease_owner', '=', this.ownerId)
      .where('state', '<>', 'pending')
      .where('notified_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listUnfinished(now = new Date(), options: ClaimOptions = {}): Promise<string[]> {
    const rows = await this.db
      .selectFrom('submissions')
      .select('id')
      // Every unfinished submission has no notified_at: said first, so submissions_unfinished_idx serves it.
      .where('notified_at', 'is', null)
      .where((eb) => this.claimable(eb, now.toISOString(), options))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** What claimSubmission may take: work is left and the lease is free (see Store.claimSubmission). */
  private claimable(eb: SubmissionsExpressions, nowText: string, options: ClaimOptions): Expression<SqlBool> {
    const leaseFree = eb.or([
      eb('lease_until', 'is', null),
      eb('lease_until', '<', nowText),
      ...(options.takeBackOwn ? [eb('lease_owner', '=', this.ownerId)] : []),
      // Its owner's process is gone. SQLite has one process, which takes over at start (see Publisher).
      ...(this.engine === 'postgres' ? [ownerIsGone(eb.ref('lease_owner'))] : []),
    ]);
    return eb.or([
      eb('state', '=', 'pending'),
      eb.and([eb('state', '=', 'publishing'), leaseFree]),
      eb.and([eb('state', 'in', ['published', 'failed']), eb('notified_at', 'is', null), leaseFree]),
    ]);
  }

  async countUnfinished(): Promise<number> {
    const row = await this.db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('notified_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async recordAttempt(attempt: AttemptRecord): Promise<void> {
    await this.db
      .insertInto('attempts')
      .values({
        submission_id: attempt.submissionId,
        method: attempt.method,
        url: attempt.url,
        request_body: bodyToColumn(attempt.requestBody),
        response_status: attempt.responseStatus,
        response_body: bodyToColumn(attempt.responseBody),
        error_code: attempt.errorCode,
        started_at: attempt.startedAt.toISOString(),
        // An integer column on both engines; timers hand out fractions.
        duration_ms: Math.round(attempt.durationMs),
      })
      .execute();
  }

  async listAttempts(submissionId: string): Promise<StoredAttempt[]> {
    const rows = await this.db
      .selectFrom('attempts')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map(attemptFromRow);
  }

  async pruneAuditBodies(before: Date, limit: number): Promise<number> {
    // Served by attempts_with_bodies_idx: only exchanges that still have bodies, oldest first.
    const oldest = this.db
      .selectFrom('attempts')
      .select('id')
      .where(sql<boolean>`(request_body is not null or response_body is not null)`)
      .where('started_at', '<', before.toISOString())
      .orderBy('started_at')
      .limit(limit);
    const result = await this.db
      .updateTable('attempts')
      .set({ request_body: null, response_body: null })
      .where('id', 'in', oldest)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markPublished(id: string, entryId: string, publishedAt: Date, reminderDueAt: Date | null = null): Promise<void> {
    const published = { state: 'published' as const, entry_id: entryId, published_at: publishedAt.toISOString(), failure: null };
    if (reminderDueAt === null) {
      await this.update(id, published);
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      await updateOn(trx, id, published);
      await scheduleReminderOn(trx, id, reminderDueAt, publishedAt);
    });
  }

  async markOpened(id: string, opened: OpenedRecord, publishedAt: Date, reminderDueAt: Date | null = null): Promise<void> {
    let linked: string | undefined;
    await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
        if (row === undefined) throw new Error(`No submission with id ${id}`);
        const { draft, channelId, userId } = submissionFromRow(row);
        linked = channelId;
        const post = { ...draft.post, id: opened.post.id, title: opened.post.title, url: opened.post.url };
        await updateOn(trx, id, {
          state: 'published',
          entry_id: opened.entryId,
          published_at: publishedAt.toISOString(),
          failure: null,
          post_id: post.id,
          draft: JSON.stringify({ ...draft, post, opening: { ...draft.opening, awaitingPublish: opened.awaitingPublish } }),
        });
        if (reminderDueAt !== null) await scheduleReminderOn(trx, id, reminderDueAt, publishedAt);
        if (draft.opening?.window) await scheduleMaintenanceRemindersOn(trx, id, draft.opening.window, publishedAt);
        await saveLinkOn(trx, { channelId, provider: draft.provider, page: draft.page, post, linkedBy: userId, linkedAt: publishedAt });
      })
      .finally(() => {
        if (linked !== undefined) this.linkCache?.forget(linked);
      });
  }

  async markDraftPublished(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new Error(`No submission with id ${id}`);
      const { draft } = submissionFromRow(row);
      if (!draft.opening) return;
      await updateOn(trx, id, { draft: JSON.stringify({ ...draft, opening: { ...draft.opening, awaitingPublish: false } }) });
    });
  }

  async markWindowExtended(id: string, endsAt: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new Error(`No submission with id ${id}`);
      const { draft } = submissionFromRow(row);
      if (!draft.opening?.window) return;
      const window = { ...draft.opening.window, endsAt: endsAt.toISOString() };
      await updateOn(trx, id, { draft: JSON.stringify({ ...draft, opening: { ...draft.opening, window } }) });
    });
  }

  async markFailed(id: string, failure: PublishFailure): Promise<void> {
    await this.update(id, {
      state: 'failed',
      failure: failureToColumn(failure),
    });
  }

  async markEchoed(id: string, echo: { state: EchoState; ts: string | null }): Promise<void> {
    await this.update(id, { echo_state: echo.state, echo_ts: echo.ts });
  }

  async markNotified(id: string, at: Date): Promise<void> {
    await this.update(id, { notified_at: at.toISOString(), lease_until: null, lease_owner: null });
  }

  async setViewId(id: string, viewId: string | null): Promise<void> {
    await this.update(id, { view_id: viewId });
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.ownerLock?.release();
    await this.db.destroy();
  }

  /** Updates one submission; a missing id is a bug in the caller, so it throws. */
  private async update(id: string, changes: Updateable<SubmissionsTable>): Promise<void> {
    await updateOn(this.db, id, changes);
  }
}

/** The reminder an update promised (its "next update in"), due at `dueAt`; see reminder-store.ts. */
async function scheduleReminderOn(db: Kysely<Database>, id: string, dueAt: Date, at: Date): Promise<void> {
  await sql`insert into reminders (submission_id, state, due_at, updated_at)
    values (${id}, 'due', ${dueAt.toISOString()}, ${at.toISOString()})
    on conflict do nothing`.execute(db);
}

async function updateOn(db: Kysely<Database>, id: string, changes: Updateable<SubmissionsTable>): Promise<void> {
  const result = await db
    .updateTable('submissions')
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new Error(`No submission with id ${id}`);
  }
}

/** Insert-or-nothing, then read: the unique key makes a double submit (or 20 at once) one row. */
async function saveOn(db: Kysely<Database>, submission: NewSubmission, at: Date): Promise<SavedSubmission> {
  const now = at.toISOString();
  const inserted = await db
    .insertInto('submissions')
    .values({
      id: randomUUID(),
      key: submission.key,
      team_id: submission.teamId,
      user_id: submission.userId,
      channel_id: submission.channelId,
      response_url: submission.responseUrl,
      view_id: submission.viewId,
      provider: submission.draft.provider,
      page_id: submission.draft.page.id,
      post_id: submission.draft.post.id,
      draft: JSON.stringify(submission.draft),
      state: 'pending',
      attempt_count: 0,
      failure: null,
      entry_id: null,
      published_at: null,
      echo_state: 'pending',
      echo_ts: null,
      lease_until: null,
      lease_owner: null,
      notified_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  const row = await db.selectFrom('submissions').selectAll().where('key', '=', submission.key).executeTakeFirstOrThrow();
  return { submission: submissionFromRow(row), created: inserted !== undefined };
}
