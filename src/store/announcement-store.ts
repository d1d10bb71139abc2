import type { ExpressionBuilder, Kysely } from 'kysely';
import { ownerIsGone } from './owner-lock.js';
import type { Database } from './schema.js';
import type { SubmissionStore } from './submission-store.js';

// Announcement channels and the announcements made in them (migration 019, docs/announcements.md). Each
// (submission, channel) is a row with a unique key: written pending, claimed under a lease before it is posted,
// then marked posted or failed. A claim is one statement, so two replicas never both post it; a lease left by a
// process that is gone is free at once on PostgreSQL, and runs out on SQLite.

export type AnnouncementState = 'pending' | 'posted' | 'failed';

export interface Announcement {
  submissionId: string;
  channelId: string;
  state: AnnouncementState;
  messageTs: string | null;
  reason: string | null;
}

export interface AnnouncementStore {
  /** The announcement channels chosen for an incident channel, in the order they were added. */
  listChannels(channelId: string): Promise<string[]>;
  /** Replaces the incident channel's announcement channels. */
  setChannels(channelId: string, announceChannelIds: readonly string[], addedBy: string, now: Date): Promise<void>;
  /** Writes a pending announcement for each channel that has none for this submission yet. */
  plan(submissionId: string, channelIds: readonly string[], now: Date): Promise<void>;
  /** Takes the announcement's lease when it is pending and free (or expired, or its owner is gone). */
  claim(submissionId: string, channelId: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Records what became of a claimed announcement; false when the claim was no longer `owner`'s. */
  finish(
    submissionId: string,
    channelId: string,
    owner: string,
    outcome: { state: 'posted' | 'failed'; messageTs: string | null; reason: string | null },
    now: Date,
  ): Promise<boolean>;
  /** Frees a claim that could not be finished (Slack failing), so the sweep tries again. */
  release(submissionId: string, channelId: string, owner: string, now: Date): Promise<void>;
  /** Submissions with an announcement pending and free to claim, the least recently tried first. */
  listPending(now: Date, limit: number): Promise<string[]>;
  /** Every announcement of a submission (tests and diagnostics). */
  listFor(submissionId: string): Promise<Announcement[]>;
}

interface AnnouncementChannelsTable {
  channel_id: string;
  announce_channel_id: string;
  added_by: string;
  added_at: string;
}

interface AnnouncementsTable {
  submission_id: string;
  channel_id: string;
  state: AnnouncementState;
  message_ts: string | null;
  reason: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

/** The tables migration 019 adds, alongside the outbox's. */
export interface AnnouncementDatabase extends Database {
  announcement_channels: AnnouncementChannelsTable;
  announcements: AnnouncementsTable;
}

export class KyselyAnnouncementStore implements AnnouncementStore {
  private readonly db: Kysely<AnnouncementDatabase>;

  /** `process`: the store this one was opened with; its ownerId names this process's leases. */
  constructor(
    db: Kysely<Database>,
    private readonly process: Pick<SubmissionStore, 'engine' | 'ownerId'>,
  ) {
    this.db = db as unknown as Kysely<AnnouncementDatabase>;
  }

  async listChannels(channelId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('announcement_channels')
      .select('announce_channel_id')
      .where('channel_id', '=', channelId)
      .orderBy('added_at')
      .orderBy('announce_channel_id')
      .execute();
    return rows.map((row) => row.announce_channel_id);
  }

  async setChannels(channelId: string, announceChannelIds: readonly string[], addedBy: string, now: Date): Promise<void> {
    const unique = [...new Set(announceChannelIds)];
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('announcement_channels').where('channel_id', '=', channelId).execute();
      if (unique.length === 0) return;
      await trx
        .insertInto('announcement_channels')
        .values(unique.map((id) => ({ channel_id: channelId, announce_channel_id: id, added_by: addedBy, added_at: now.toISOString() })))
        .execute();
    });
  }

  async plan(submissionId: string, channelIds: readonly string[], now: Date): Promise<void> {
    const unique = [...new Set(channelIds)];
    if (unique.length === 0) return;
    const nowText = now.toISOString();
    await this.db
      .insertInto('announcements')
      .values(
        unique.map((channelId) => ({
          submission_id: submissionId,
          channel_id: channelId,
          state: 'pending' as const,
          message_ts: null,
          reason: null,
          lease_owner: null,
          lease_until: null,
          created_at: nowText,
          updated_at: nowText,
        })),
      )
      .onConflict((conflict) => conflict.columns(['submission_id', 'channel_id']).doNothing())
      .execute();
  }

  async claim(submissionId: string, channelId: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const nowText = now.toISOString();
    const result = await this.db
      .updateTable('announcements')
      .set({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: nowText })
      .where('submission_id', '=', submissionId)
      .where('channel_id', '=', channelId)
      .where('state', '=', 'pending')
      .where((eb) => this.unleased(eb, nowText))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async finish(
    submissionId: string,
    channelId: string,
    owner: string,
    outcome: { state: 'posted' | 'failed'; messageTs: string | null; reason: string | null },
    now: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('announcements')
      .set({
        state: outcome.state,
        message_ts: outcome.messageTs,
        reason: outcome.reason,
        lease_owner: null,
        lease_until: null,
        updated_at: now.toISOString(),
      })
      .where('submission_id', '=', submissionId)
      .where('channel_id', '=', channelId)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async release(submissionId: string, channelId: string, owner: string, now: Date): Promise<void> {
    await this.db
      .updateTable('announcements')
      .set({ lease_owner: null, lease_until: null, updated_at: now.toISOString() })
      .where('submission_id', '=', submissionId)
      .where('channel_id', '=', channelId)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Nobody holds the row's lease: never taken, run out, or (PostgreSQL) its holder's process is gone. */
  private unleased(eb: ExpressionBuilder<AnnouncementDatabase, 'announcements'>, nowText: string) {
    return eb.or([
      eb('lease_until', 'is', null),
      eb('lease_until', '<', nowText),
      ...(this.process.engine === 'postgres' ? [ownerIsGone(eb.ref('lease_owner'))] : []),
    ]);
  }

  async listPending(now: Date, limit: number): Promise<string[]> {
    const nowText = now.toISOString();
    const rows = await this.db
      .selectFrom('announcements')
      .select('submission_id')
      .where('state', '=', 'pending')
      .where((eb) => this.unleased(eb, nowText))
      .groupBy('submission_id')
      // Least recently tried first: a release moves updated_at on, so one Slack keeps refusing never starves the rest.
      .orderBy((eb) => eb.fn.min('updated_at'))
      .orderBy('submission_id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.submission_id);
  }

  async listFor(submissionId: string): Promise<Announcement[]> {
    const rows = await this.db
      .selectFrom('announcements')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('created_at')
      .orderBy('channel_id')
      .execute();
    return rows.map((row) => ({
      submissionId: row.submission_id,
      channelId: row.channel_id,
      state: row.state,
      messageTs: row.message_ts,
      reason: row.reason,
    }));
  }
}
