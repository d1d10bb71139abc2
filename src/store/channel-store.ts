import { sql, type Kysely } from 'kysely';
import type { PostKind, ProviderId } from '../providers/provider.js';
import type { ChannelLink, LinkedPage } from '../updates/channel-link.js';
import { submissionFromRow } from './rows.js';
import type { Database } from './schema.js';
import type { Submission } from '../updates/submission.js';
import type { ChannelLinkCache } from './channel-link-cache.js';

// Which incidents each channel is about (one per status page: see migration 006), and the published and
// in-flight submissions to their posts. Kept apart from the outbox (submission-store.ts) and opened over the
// same Kysely instance by open-store.ts (Stores.channels). Reminder records live in reminder-store.ts.

export interface ChannelStore {
  /**
   * The channel's oldest link, or null when it has none. Not necessarily the one `/status-update` opens on:
   * with several linked, that is the link Herald last sent an update to (channelFormOpening, open-update-form.ts).
   */
  getLink(channelId: string): Promise<ChannelLink | null>;
  /** Every link of the channel, oldest first. */
  listLinks(channelId: string): Promise<ChannelLink[]>;
  /**
   * Every channel's current links, oldest first: the Home tab's "which channels are about this incident". Links
   * are as many as the incidents being worked on, so they are read in one go.
   */
  listActiveLinks(): Promise<ChannelLink[]>;
  /** Links the channel to the post, replacing its link to another post on the same page, if any. */
  saveLink(link: ChannelLink): Promise<void>;
  /** Removes the link to `page`, or every link when no page is given. False when there was none to remove. */
  unlink(channelId: string, at: Date, page?: LinkedPage): Promise<boolean>;
  /**
   * When the channel stopped being linked to `page` (null: never linked to it, or linked again since). Without
   * a page, or for a page the channel was never linked to: when its last link went, while it has none.
   */
  unlinkedAt(channelId: string, page?: LinkedPage): Promise<Date | null>;
  /** The newest published submission for this post, if any. */
  latestPublished(provider: ProviderId, pageId: string, postId: string): Promise<Submission | null>;
  /** When Herald first published to this post (its opening, when Herald opened it); null when it never did. */
  firstPublishedAt(provider: ProviderId, pageId: string, postId: string): Promise<Date | null>;
  /**
   * The newest submission to this post still pending or publishing, other than `exceptId`, if any: stored
   * and not failed, so it will be on the page after whatever is there now.
   */
  latestInFlight(provider: ProviderId, pageId: string, postId: string, exceptId: string): Promise<Submission | null>;
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

/** Links the channel to the post on `db` (a transaction, say), replacing its link to another post on the same page. */
export async function saveLinkOn(db: Kysely<Database>, link: ChannelLink): Promise<void> {
  const values = {
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
  await (db as unknown as Kysely<ChannelDatabase>)
    .insertInto('channel_page_links')
    .values({ channel_id: link.channelId, provider: link.provider, page_id: link.page.id, ...values })
    .onConflict((conflict) => conflict.columns(['channel_id', 'provider', 'page_id']).doUpdateSet(values))
    .execute();
}

/** The table migrations 003 and 006 add, alongside the outbox's. */
export interface ChannelDatabase extends Database {
  channel_page_links: ChannelLinksTable;
}

export class KyselyChannelStore implements ChannelStore {
  private readonly db: Kysely<ChannelDatabase>;

  /** `linkCache`: SQLite only, where every change to a link goes through this process (channel-link-cache.ts). */
  constructor(
    db: Kysely<Database>,
    private readonly linkCache?: ChannelLinkCache,
  ) {
    this.db = db as unknown as Kysely<ChannelDatabase>;
  }

  async getLink(channelId: string): Promise<ChannelLink | null> {
    return (await this.listLinks(channelId))[0] ?? null;
  }

  async listLinks(channelId: string): Promise<ChannelLink[]> {
    return this.linkCache ? this.linkCache.listLinks(channelId, () => this.readLinks(channelId)) : this.readLinks(channelId);
  }

  private async readLinks(channelId: string): Promise<ChannelLink[]> {
    const rows = await this.db
      .selectFrom('channel_page_links')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('unlinked_at', 'is', null)
      .orderBy('linked_at')
      .orderBy('provider')
      .orderBy('page_id')
      .execute();
    return rows.map(linkFromRow);
  }

  async listActiveLinks(): Promise<ChannelLink[]> {
    const rows = await this.db
      .selectFrom('channel_page_links')
      .selectAll()
      .where('unlinked_at', 'is', null)
      .orderBy('linked_at')
      .orderBy('channel_id')
      .execute();
    return rows.map(linkFromRow);
  }

  async saveLink(link: ChannelLink): Promise<void> {
    try {
      await saveLinkOn(this.db as unknown as Kysely<Database>, link);
    } finally {
      this.linkCache?.forget(link.channelId);
    }
  }

  async unlink(channelId: string, at: Date, page?: LinkedPage): Promise<boolean> {
    let update = this.db
      .updateTable('channel_page_links')
      .set({ unlinked_at: at.toISOString() })
      .where('channel_id', '=', channelId)
      .where('unlinked_at', 'is', null);
    if (page) update = update.where('provider', '=', page.provider).where('page_id', '=', page.pageId);
    try {
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    } finally {
      this.linkCache?.forget(channelId);
    }
  }

  async unlinkedAt(channelId: string, page?: LinkedPage): Promise<Date | null> {
    const rows = await this.db
      .selectFrom('channel_page_links')
      .select(['provider', 'page_id', 'unlinked_at'])
      .where('channel_id', '=', channelId)
      .execute();
    const own = page && rows.find((row) => row.provider === page.provider && row.page_id === page.pageId);
    if (own) return own.unlinked_at ? new Date(own.unlinked_at) : null;
    // A page it was never linked to: unlinked only once the channel has no link left at all.
    if (rows.length === 0 || rows.some((row) => row.unlinked_at === null)) return null;
    return new Date(
      rows
        .map((row) => row.unlinked_at!)
        .sort()
        .at(-1)!,
    );
  }

  async latestPublished(provider: ProviderId, pageId: string, postId: string): Promise<Submission | null> {
    const row = await this.db
      .selectFrom('submissions')
      .selectAll()
      // A literal, as submissions_post_published_idx's condition is (SQLite matches a partial index's terms as written).
      .where(sql<boolean>`state = 'published'`)
      .where('provider', '=', provider)
      .where('page_id', '=', pageId)
      .where('post_id', '=', postId)
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? submissionFromRow(row) : null;
  }

  async firstPublishedAt(provider: ProviderId, pageId: string, postId: string): Promise<Date | null> {
    const row = await this.db
      .selectFrom('submissions')
      .select('published_at')
      .where(sql<boolean>`state = 'published'`)
      .where('provider', '=', provider)
      .where('page_id', '=', pageId)
      .where('post_id', '=', postId)
      .orderBy('published_at', 'asc')
      .limit(1)
      .executeTakeFirst();
    return row?.published_at ? new Date(row.published_at) : null;
  }

  async latestInFlight(provider: ProviderId, pageId: string, postId: string, exceptId: string): Promise<Submission | null> {
    const row = await this.db
      .selectFrom('submissions')
      .selectAll()
      .where(sql<boolean>`state in ('pending', 'publishing')`)
      .where('provider', '=', provider)
      .where('page_id', '=', pageId)
      .where('post_id', '=', postId)
      .where('id', '!=', exceptId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? submissionFromRow(row) : null;
  }
}

function linkFromRow(row: ChannelLinksTable): ChannelLink {
  return {
    channelId: row.channel_id,
    provider: row.provider as ProviderId,
    page: { id: row.page_id, name: row.page_name, url: row.page_url },
    post: { id: row.post_id, title: row.post_title, kind: row.post_kind as PostKind, url: row.post_url },
    linkedBy: row.linked_by,
    linkedAt: new Date(row.linked_at),
  };
}
