import { LRUCache } from 'lru-cache';
import type { ChannelLink } from '../updates/channel-link.js';

// Every `/status-update` reads its channel's links before the form opens. On SQLite that read, small as it is,
// cost a tenth of a millisecond of CPU per command in the benchmark (a seventh of Herald's whole cost of one):
// the query's code and pages are cold again by the next command. SQLite's file is one Herald process's, so every
// change to a link goes through this process, and the links can be kept in memory, forgotten at each change.
// Not on PostgreSQL: another replica's change would not be seen.

/** Channels remembered at most: far more than are worked on at once. */
const MAX_CHANNELS = 10_000;
/**
 * Kept at most this long even without a change through Herald: a safety net should something write the file
 * behind its back (an operator's hand-made fix), never what correctness rests on.
 */
const KEEP_MS = 60_000;

export class ChannelLinkCache {
  private readonly links = new LRUCache<string, readonly ChannelLink[]>({ max: MAX_CHANNELS, ttl: KEEP_MS });
  /** Counts changes, so that a read that started before one does not keep what it read. */
  private changes = 0;

  /** The channel's links, read by `read` unless kept; a copy, so callers may change it. */
  async listLinks(channelId: string, read: () => Promise<ChannelLink[]>): Promise<ChannelLink[]> {
    const kept = this.links.get(channelId);
    if (kept) return [...kept];
    const changesBefore = this.changes;
    const links = await read();
    if (this.changes === changesBefore) this.links.set(channelId, [...links]);
    return links;
  }

  /** After the channel's links changed (or may have: a failed write forgets too). */
  forget(channelId: string): void {
    this.changes += 1;
    this.links.delete(channelId);
  }
}
