import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { ownerIsGone } from './owner-lock.js';
import { submissionFromRow } from './rows.js';
import type { Database } from './schema.js';
import type { SubmissionStore } from './submission-store.js';
import type { Submission } from '../updates/submission.js';

// Which message is each channel's live summary, and who may edit it right now. Refreshes are serialised per
// channel across replicas by a lease on the channel's row, and every request to refresh bumps a generation:
// the holder releases the row only when no request came in while it worked, so the last refresh to finish
// always rendered from the newest data, however publishes and Slack calls interleave. A lease whose process
// is gone (killed mid-refresh) is free at once, as the publisher's are (see owner-lock.ts).

export interface SummaryLease {
  /** The generation this refresh renders; finishRefresh releases only if it is still the newest. */
  generation: number;
  /** The summary message, if one was posted. */
  messageTs: string | null;
}

/** What a summary reads of a published submission: none of it changes once published. */
export type PublishedUpdate = Pick<Submission, 'id' | 'userId' | 'draft' | 'state' | 'publishedAt' | 'createdAt'>;

export interface SummaryStore {
  /** The channel's published updates, oldest first (by publish time), at most the newest `limit`. */
  listChannelPublished(channelId: string, limit: number): Promise<PublishedUpdate[]>;
  /** Records that the channel's summary must be refreshed (creating its row on first use). */
  requestRefresh(channelId: string, now: Date): Promise<void>;
  /**
   * Takes the channel's refresh lease for `owner`, when free, expired or left by a process that is gone,
   * or renews it when already `owner`'s. One statement, so two replicas never both hold it. Null when
   * someone else holds it, or no refresh was ever requested for the channel.
   */
  takeRefresh(channelId: string, owner: string, now: Date, leaseMs: number): Promise<SummaryLease | null>;
  /** Remembers the summary message posted under the lease. False when the lease is no longer `owner`'s. */
  saveMessageTs(channelId: string, owner: string, ts: string, now: Date): Promise<boolean>;
  /**
   * Releases the lease if no refresh was requested since `generation` was taken. False when a newer request
   * came in (the holder must render again) or the lease is no longer `owner`'s.
   */
  finishRefresh(channelId: string, owner: string, generation: number, now: Date): Promise<boolean>;
  /** Releases the lease whatever the generation: after a failure, so the next request is not held up. */
  abandonRefresh(channelId: string, owner: string, now: Date): Promise<void>;
  /** The summary message of the channel, if any (tests and diagnostics). */
  getMessageTs(channelId: string): Promise<string | null>;
}

interface ChannelSummariesTable {
  channel_id: string;
  message_ts: string | null;
  wanted_generation: number;
  lock_owner: string | null;
  lock_until: string | null;
  lock_process: string | null;
  updated_at: string;
}

/** The table migration 005 adds, alongside the outbox's. */
export interface SummaryDatabase extends Database {
  channel_summaries: ChannelSummariesTable;
}

/** Published updates kept parsed, across channels: a few hundred channels' worth of incidents. */
const PARSED_UPDATES_KEPT = 5_000;

export class KyselySummaryStore implements SummaryStore {
  private readonly db: Kysely<SummaryDatabase>;
  /**
   * Every refresh summarises all of a channel's updates, so reading and checking each stored draft anew
   * made a refresh cost grow with the channel's history (4 ms of CPU at 200 updates, taken from whatever
   * Herald was doing next). A published update never changes what the summary reads, so it is parsed once.
   */
  private readonly parsed = new LRUCache<string, PublishedUpdate>({ max: PARSED_UPDATES_KEPT });

  /** `process`: the store this one was opened with; its ownerId names this process's leases. */
  constructor(
    db: Kysely<Database>,
    private readonly process: Pick<SubmissionStore, 'engine' | 'ownerId'>,
  ) {
    this.db = db as unknown as Kysely<SummaryDatabase>;
  }

  async listChannelPublished(channelId: string, limit: number): Promise<PublishedUpdate[]> {
    // One statement whatever the channel holds (served by submissions_channel_published_idx, at most `limit`
    // rows); only the rows not parsed before are parsed.
    const rows = await this.db
      .selectFrom('submissions')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('state', '=', 'published')
      .orderBy('published_at', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map((row) => {
      const kept = this.parsed.get(row.id);
      if (kept) return kept;
      const { id, userId, draft, state, publishedAt, createdAt } = submissionFromRow(row);
      const update = { id, userId, draft, state, publishedAt, createdAt };
      this.parsed.set(row.id, update);
      return update;
    });
  }

  async requestRefresh(channelId: string, now: Date): Promise<void> {
    const nowText = now.toISOString();
    await this.db
      .insertInto('channel_summaries')
      .values({
        channel_id: channelId,
        message_ts: null,
        wanted_generation: 1,
        lock_owner: null,
        lock_until: null,
        lock_process: null,
        updated_at: nowText,
      })
      .onConflict((conflict) =>
        conflict.column('channel_id').doUpdateSet((eb) => ({
          wanted_generation: eb('channel_summaries.wanted_generation', '+', 1),
          updated_at: nowText,
        })),
      )
      .execute();
  }

  async takeRefresh(channelId: string, owner: string, now: Date, leaseMs: number): Promise<SummaryLease | null> {
    const nowText = now.toISOString();
    const row = await this.db
      .updateTable('channel_summaries')
      .set({
        lock_owner: owner,
        lock_until: new Date(now.getTime() + leaseMs).toISOString(),
        lock_process: this.process.ownerId,
        updated_at: nowText,
      })
      .where('channel_id', '=', channelId)
      .where((eb) =>
        eb.or([
          eb('lock_until', 'is', null),
          eb('lock_until', '<', nowText),
          eb('lock_owner', '=', owner),
          // Its process is gone. On SQLite (one process) a dead one's lease simply runs out.
          ...(this.process.engine === 'postgres' ? [ownerIsGone(eb.ref('lock_process'))] : []),
        ]),
      )
      .returning(['wanted_generation', 'message_ts'])
      .executeTakeFirst();
    return row ? { generation: Number(row.wanted_generation), messageTs: row.message_ts } : null;
  }

  async saveMessageTs(channelId: string, owner: string, ts: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('channel_summaries')
      .set({ message_ts: ts, updated_at: now.toISOString() })
      .where('channel_id', '=', channelId)
      .where('lock_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async finishRefresh(channelId: string, owner: string, generation: number, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('channel_summaries')
      .set({ lock_owner: null, lock_until: null, lock_process: null, updated_at: now.toISOString() })
      .where('channel_id', '=', channelId)
      .where('lock_owner', '=', owner)
      .where('wanted_generation', '=', generation)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async abandonRefresh(channelId: string, owner: string, now: Date): Promise<void> {
    await this.db
      .updateTable('channel_summaries')
      .set({ lock_owner: null, lock_until: null, lock_process: null, updated_at: now.toISOString() })
      .where('channel_id', '=', channelId)
      .where('lock_owner', '=', owner)
      .execute();
  }

  async getMessageTs(channelId: string): Promise<string | null> {
    const row = await this.db.selectFrom('channel_summaries').select('message_ts').where('channel_id', '=', channelId).executeTakeFirst();
    return row?.message_ts ?? null;
  }
}
