import type { Kysely } from 'kysely';
import type { PostKind, ProviderId } from '../providers/provider.js';
import { submissionFromRow } from './rows.js';
import type { Database } from './schema.js';
import type { Store, Submission } from './store.js';

// Which incident each channel is about, and which reminders were already handled. Kept apart from Store
// (the outbox) and opened over the same Kysely instance by open-store.ts; listeners reach it through
// `channelStoreFor(store)`, so the shared ListenerDeps contract needs no new field.

export interface ChannelLink {
  channelId: string;
  provider: ProviderId;
  page: { id: string; name: string; url: string | null };
  post: { id: string; title: string; kind: PostKind; url: string | null };
  linkedBy: string;
  linkedAt: Date;
}

export type ReminderState = 'sent' | 'skipped' | 'snoozed';

export interface ReminderRecord {
  submissionId: string;
  state: ReminderState;
  /** For a snoozed reminder: when it is due again. */
  dueAt: Date;
}

export interface ChannelStore {
  /** The channel's link, or null when never linked or unlinked. */
  getLink(channelId: string): Promise<ChannelLink | null>;
  /** Links the channel, replacing any previous link. */
  saveLink(link: ChannelLink): Promise<void>;
  /** False when the channel had no link. */
  unlink(channelId: string, at: Date): Promise<boolean>;
  /** When the channel was last unlinked (null: never, or linked again since). */
  unlinkedAt(channelId: string): Promise<Date | null>;
  /** Published submissions, published at or after `since`, oldest first. */
  listPublishedSince(since: Date): Promise<Submission[]>;
  /** The newest published submission for this post, if any. */
  latestPublished(provider: ProviderId, pageId: string, postId: string): Promise<Submission | null>;
  /** The reminder records of these submissions. */
  getReminders(submissionIds: string[]): Promise<Map<string, ReminderRecord>>;
  /**
   * Takes the submission's reminder to act on it, once: when it has no record yet, or is snoozed and due
   * again. One statement each way, so two workers (two replicas) never both win. True when ours.
   */
  claimReminder(submissionId: string, now: Date): Promise<boolean>;
  /** A claimed reminder that turned out not to be needed (newer update, resolved, unlinked). */
  markReminderSkipped(submissionId: string, now: Date): Promise<void>;
  /** Snoozes a sent reminder until `until`. False when the submission has no reminder to snooze. */
  snoozeReminder(submissionId: string, until: Date, now: Date): Promise<boolean>;
}

interface ChannelLinksTable {
  channel_id: string;
  provider: string;
  page_id: string;
  page_name: string;
  page_url: string | null;
  post_id: string;
  post_kind: string;
  post_title: string;
  post_url: string | null;
  linked_by: string;
  linked_at: string;
  unlinked_at: string | null;
}

interface RemindersTable {
  submission_id: string;
  state: ReminderState;
  due_at: string;
  updated_at: string;
}

/** The tables migration 003 adds, alongside the outbox's. */
export interface ChannelDatabase extends Database {
  channel_links: ChannelLinksTable;
  reminders: RemindersTable;
}

export class KyselyChannelStore implements ChannelStore {
  private readonly db: Kysely<ChannelDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<ChannelDatabase>;
  }

  async getLink(channelId: string): Promise<ChannelLink | null> {
    const row = await this.db
      .selectFrom('channel_links')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('unlinked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return {
      channelId: row.channel_id,
      provider: row.provider as ProviderId,
      page: { id: row.page_id, name: row.page_name, url: row.page_url },
      post: { id: row.post_id, title: row.post_title, kind: row.post_kind as PostKind, url: row.post_url },
      linkedBy: row.linked_by,
      linkedAt: new Date(row.linked_at),
    };
  }

  async saveLink(link: ChannelLink): Promise<void> {
    const values = {
      provider: link.provider,
      page_id: link.page.id,
      page_name: link.page.name,
      page_url: link.page.url,
      post_id: link.post.id,
      post_kind: link.post.kind,
      post_title: link.post.title,
      post_url: link.post.url,
      linked_by: link.linkedBy,
      linked_at: link.linkedAt.toISOString(),
      unlinked_at: null,
    };
    await this.db
      .insertInto('channel_links')
      .values({ channel_id: link.channelId, ...values })
      .onConflict((conflict) => conflict.column('channel_id').doUpdateSet(values))
      .execute();
  }

  async unlink(channelId: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('channel_links')
      .set({ unlinked_at: at.toISOString() })
      .where('channel_id', '=', channelId)
      .where('unlinked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async unlinkedAt(channelId: string): Promise<Date | null> {
    const row = await this.db.selectFrom('channel_links').select('unlinked_at').where('channel_id', '=', channelId).executeTakeFirst();
    return row?.unlinked_at ? new Date(row.unlinked_at) : null;
  }

  async listPublishedSince(since: Date): Promise<Submission[]> {
    const rows = await this.db
      .selectFrom('submissions')
      .selectAll()
      .where('state', '=', 'published')
      .where('published_at', '>=', since.toISOString())
      .orderBy('published_at')
      .execute();
    return rows.map(submissionFromRow);
  }

  async latestPublished(provider: ProviderId, pageId: string, postId: string): Promise<Submission | null> {
    const row = await this.db
      .selectFrom('submissions')
      .selectAll()
      .where('state', '=', 'published')
      .where('provider', '=', provider)
      .where('page_id', '=', pageId)
      .where('post_id', '=', postId)
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? submissionFromRow(row) : null;
  }

  async getReminders(submissionIds: string[]): Promise<Map<string, ReminderRecord>> {
    if (submissionIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('reminders').selectAll().where('submission_id', 'in', submissionIds).execute();
    return new Map(rows.map((row) => [row.submission_id, { submissionId: row.submission_id, state: row.state, dueAt: new Date(row.due_at) }]));
  }

  async claimReminder(submissionId: string, now: Date): Promise<boolean> {
    const nowText = now.toISOString();
    const inserted = await this.db
      .insertInto('reminders')
      .values({ submission_id: submissionId, state: 'sent', due_at: nowText, updated_at: nowText })
      .onConflict((conflict) => conflict.column('submission_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
    const woken = await this.db
      .updateTable('reminders')
      .set({ state: 'sent', updated_at: nowText })
      .where('submission_id', '=', submissionId)
      .where('state', '=', 'snoozed')
      .where('due_at', '<=', nowText)
      .executeTakeFirst();
    return Number(woken.numUpdatedRows) > 0;
  }

  async markReminderSkipped(submissionId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('reminders')
      .set({ state: 'skipped', updated_at: now.toISOString() })
      .where('submission_id', '=', submissionId)
      .execute();
  }

  async snoozeReminder(submissionId: string, until: Date, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('reminders')
      .set({ state: 'snoozed', due_at: until.toISOString(), updated_at: now.toISOString() })
      .where('submission_id', '=', submissionId)
      .where('state', 'in', ['sent', 'snoozed'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

const channelStores = new WeakMap<Store, ChannelStore>();

/** Called by open-store.ts for each store it opens. */
export function registerChannelStore(store: Store, channels: ChannelStore): void {
  channelStores.set(store, channels);
}

/** The channel store opened with this store (see open-store.ts). */
export function channelStoreFor(store: Store): ChannelStore {
  const channels = channelStores.get(store);
  if (!channels) throw new Error('This store was opened without its channel store (open it with openStore)');
  return channels;
}
