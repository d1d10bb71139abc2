import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelLinkCache } from '../../src/store/channel-link-cache.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import type { ChannelLink } from '../../src/updates/channel-link.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';

// On SQLite a channel's links are kept in memory between commands (channel-link-cache.ts): read once, and read
// again after every change Herald makes to them. On PostgreSQL, where another replica may change them, they
// are read every time.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const link = (channelId: string, postId: string): ChannelLink => ({
  channelId,
  provider: 'pagerduty',
  page: { id: 'P1', name: 'Acme Status', url: null },
  post: { id: postId, title: 'API errors', kind: 'incident', url: null },
  linkedBy: 'U1',
  linkedAt: T0,
});
const isLinksRead = (query: string) => query.startsWith('select * from "channel_page_links" where "channel_id" = ?');

async function openCounting(options: { dataDir: string; databaseUrl?: string }): Promise<{ stores: Stores; linkReads: () => number }> {
  let reads = 0;
  const stores = await openStore({
    ...options,
    onQuery: ({ sql }) => {
      if (isLinksRead(sql.replace(/\$1/g, '?'))) reads += 1;
    },
  });
  return { stores, linkReads: () => reads };
}

describe('a channel’s links on SQLite', () => {
  let dir: string;
  let stores: Stores;
  let linkReads: () => number;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-link-cache-'));
    ({ stores, linkReads } = await openCounting({ dataDir: dir }));
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are read from the database once while nothing changes them', async () => {
    await stores.channels.saveLink(link('C1', 'I1'));
    for (let i = 0; i < 5; i += 1) expect((await stores.channels.listLinks('C1')).map((found) => found.post.id)).toEqual(['I1']);
    expect(linkReads()).toBe(1);
    expect(await stores.channels.getLink('C1')).toMatchObject({ post: { id: 'I1' } });
    expect(linkReads()).toBe(1);
  });

  it('are read again after a link, a relink to another incident, and an unlink', async () => {
    expect(await stores.channels.listLinks('C1')).toEqual([]);
    await stores.channels.saveLink(link('C1', 'I1'));
    expect((await stores.channels.listLinks('C1')).map((found) => found.post.id)).toEqual(['I1']);
    await stores.channels.saveLink(link('C1', 'I2'));
    expect((await stores.channels.listLinks('C1')).map((found) => found.post.id)).toEqual(['I2']);
    await stores.channels.unlink('C1', T0);
    expect(await stores.channels.listLinks('C1')).toEqual([]);
  });

  it('are read again after opening a post links the channel', async () => {
    expect(await stores.channels.listLinks('C-NEW')).toEqual([]);
    const opening = draft({
      post: { id: '', title: 'Checkout down', kind: 'incident', url: null },
      opening: { title: 'Checkout down', window: null },
    });
    const { submission } = await stores.submissions.saveSubmission(newSubmission({ channelId: 'C-NEW', draft: opening }));
    await stores.submissions.markOpened(
      submission.id,
      { post: { id: 'NEW1', title: 'Checkout down', url: null }, entryId: 'E1', awaitingPublish: false },
      T0,
    );
    expect((await stores.channels.listLinks('C-NEW')).map((found) => found.post.id)).toEqual(['NEW1']);
  });

  it('are handed out as a copy: changing what was returned changes nothing kept', async () => {
    await stores.channels.saveLink(link('C1', 'I1'));
    (await stores.channels.listLinks('C1')).pop();
    expect(await stores.channels.listLinks('C1')).toHaveLength(1);
  });
});

describe('ChannelLinkCache', () => {
  it('does not keep what a read returned when the links changed while it was under way', async () => {
    const cache = new ChannelLinkCache();
    let finishRead: (links: ChannelLink[]) => void = () => undefined;
    const slowRead = cache.listLinks('C1', () => new Promise((resolve) => (finishRead = resolve)));
    cache.forget('C1'); // a link saved meanwhile
    finishRead([link('C1', 'OLD')]);
    expect(await slowRead).toHaveLength(1);
    const fresh = await cache.listLinks('C1', async () => [link('C1', 'NEW')]);
    expect(fresh.map((found) => found.post.id)).toEqual(['NEW']);
  });
});

describe('a channel’s links on PostgreSQL', () => {
  let database: TestDatabase;
  afterEach(() => database.drop());

  it('are read from the database every time: another replica may have changed them', async () => {
    database = await createTestDatabase();
    const { stores, linkReads } = await openCounting({ dataDir: '', databaseUrl: database.url });
    try {
      await stores.channels.saveLink(link('C1', 'I1'));
      for (let i = 0; i < 3; i += 1) await stores.channels.listLinks('C1');
      expect(linkReads()).toBe(3);
    } finally {
      await stores.close();
    }
  });
});
