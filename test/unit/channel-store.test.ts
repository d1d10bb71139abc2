import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelStoreFor, type ChannelLink, type ChannelStore } from '../../src/store/channel-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';

// Channel links and reminder claims, the same on embedded SQLite and on PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const link = (overrides: Partial<ChannelLink> = {}): ChannelLink => ({
  channelId: 'C1',
  provider: 'pagerduty',
  page: { id: 'PAGE1', name: 'Acme Status', url: 'https://status.acme.test' },
  post: { id: 'INC1', title: 'Checkout errors', kind: 'incident', url: null },
  linkedBy: 'U1',
  linkedAt: T0,
  ...overrides,
});

describe.each(['sqlite', 'postgres'] as const)('channel store on %s', (engine) => {
  let store: Store;
  let second: Store;
  let channels: ChannelStore;
  let dataDir: string;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-channels-'));
    if (engine === 'postgres') database = await createTestDatabase();
    store = await openStore({ dataDir, databaseUrl: database?.url });
    // A second process on the same database, as a second replica would be.
    second = await openStore({ dataDir, databaseUrl: database?.url });
    channels = channelStoreFor(store);
  });
  afterAll(async () => {
    await store.close();
    await second.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function published(minutes: number, post = 'INC1'): Promise<string> {
    const { submission } = await store.saveSubmission(newSubmission({ draft: draft({ post: { id: post, title: 'X', kind: 'incident', url: null } }) }));
    await store.markPublished(submission.id, `E-${submission.id}`, at(minutes));
    return submission.id;
  }

  it('links, relinks and unlinks a channel, remembering when it was unlinked', async () => {
    expect(await channels.getLink('C1')).toBeNull();
    await channels.saveLink(link());
    expect(await channels.getLink('C1')).toEqual(link());
    await channels.saveLink(link({ post: { id: 'INC2', title: 'Other', kind: 'maintenance', url: 'https://x.test' } }));
    expect((await channels.getLink('C1'))?.post.id).toBe('INC2');
    expect(await channels.unlink('C1', at(5))).toBe(true);
    expect(await channels.unlink('C1', at(6))).toBe(false);
    expect(await channels.getLink('C1')).toBeNull();
    expect(await channels.unlinkedAt('C1')).toEqual(at(5));
    await channels.saveLink(link());
    expect(await channels.unlinkedAt('C1')).toBeNull();
  });

  it('finds the published submissions since a time and the latest for a post', async () => {
    const older = await published(0, 'P-A');
    const newer = await published(10, 'P-A');
    const since = (await channels.listPublishedSince(at(5))).map((s) => s.id);
    expect(since).toContain(newer);
    expect(since).not.toContain(older);
    expect((await channels.latestPublished('pagerduty', 'PAGE1', 'P-A'))?.id).toBe(newer);
    expect(await channels.latestPublished('pagerduty', 'PAGE1', 'nope')).toBeNull();
  });

  it('claims a reminder once, even when two stores race for it, and again only once snoozed and due', async () => {
    const id = await published(0, 'P-B');
    const claims = await Promise.all([channels.claimReminder(id, at(30)), channelStoreFor(second).claimReminder(id, at(30))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await channels.claimReminder(id, at(31))).toBe(false);

    expect(await channels.snoozeReminder(id, at(46), at(31))).toBe(true);
    expect((await channels.getReminders([id])).get(id)).toEqual({ submissionId: id, state: 'snoozed', dueAt: at(46) });
    expect(await channels.claimReminder(id, at(45))).toBe(false);
    const woken = await Promise.all([channels.claimReminder(id, at(46)), channelStoreFor(second).claimReminder(id, at(46))]);
    expect(woken.filter(Boolean)).toHaveLength(1);

    await channels.markReminderSkipped(id, at(47));
    expect(await channels.snoozeReminder(id, at(60), at(47))).toBe(false);
    expect(await channels.snoozeReminder('no-such-submission', at(60), at(47))).toBe(false);
  });
});
