import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  copySqliteHistory,
  DUE_NOW,
  type HistoryDatabase,
  prepareHistory,
  recentCount,
  refreshRecent,
  withClient,
} from '../../bench/history/generate.js';
import { openStore } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import type { Stores } from '../../src/store/stores.js';
import { POSTGRES_ADMIN_URL } from '../support/test-databases.js';

// The benchmark's history (bench/history/generate.ts) is what Herald itself would have stored: Herald's own
// store reads every row back, the reminder tick finds exactly the reminders the benchmark expects it to post,
// the recent slice can be written again without growing the history, and a second run takes it from the cache.

const SIZE = 2_000;
const CHANNEL = 'C0BENCHTEST';
const LOOKBACK_MS = 28 * 60 * 60 * 1000;

describe.each(['sqlite', 'postgres'] as const)('the benchmark history on %s', (engine) => {
  let cacheDir: string;
  let dataDir: string;
  let postgresName: string;
  let history: HistoryDatabase;
  let stores: Stores;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'herald-history-cache-'));
    dataDir = await mkdtemp(join(tmpdir(), 'herald-history-data-'));
    postgresName = `herald_test_history_${randomBytes(5).toString('hex')}`;
    history = await prepareHistory(engine, { submissions: SIZE, channelId: CHANNEL, log: () => undefined, cacheDir, postgresName });
    if (history.sqliteFile) await copySqliteHistory(history.sqliteFile, dataDir);
    const target = history.sqliteFile ? { sqliteFile: join(dataDir, 'herald.sqlite') } : { databaseUrl: history.databaseUrl! };
    await refreshRecent(target, SIZE, CHANNEL);
    stores = await openStore({ dataDir, databaseUrl: history.databaseUrl });
  }, 120_000);

  afterAll(async () => {
    await stores?.close();
    if (engine === 'postgres')
      await withClient(POSTGRES_ADMIN_URL, (admin) => admin.query(`drop database if exists ${postgresName} with (force)`));
    await rm(cacheDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function count(table: string): Promise<number> {
    if (history.databaseUrl) {
      return withClient(history.databaseUrl, async (client) =>
        Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n),
      );
    }
    const database = new SqliteDatabase(join(dataDir, 'herald.sqlite'), { readonly: true });
    try {
      return Number((database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
    } finally {
      database.close();
    }
  }

  it('stores every submission with its audit exchange, and a reminder row for each published one', async () => {
    expect(await count('submissions')).toBe(SIZE);
    expect(await count('attempts')).toBe(SIZE);
    // 1 in 100 failed: the provider refused it, so no reminder was scheduled.
    const failed = await count(`submissions where state = 'failed'`);
    expect(failed).toBe(Math.floor((SIZE - recentCount(SIZE)) / 100));
    expect(await count('reminders')).toBe(SIZE - failed);
    expect(await stores.submissions.countUnfinished()).toBe(0);
  });

  it('gives the reminder tick exactly the reminders due now, each the newest update of its incident in the channel', async () => {
    const now = new Date();
    const due = await stores.reminders.listDue(now, new Date(now.getTime() - LOOKBACK_MS), 500);
    expect(due).toHaveLength(DUE_NOW);
    for (const { submission, state } of due) {
      expect(state).toBe('due');
      expect(submission.channelId).toBe(CHANNEL);
      const { provider, page, post } = submission.draft;
      expect((await stores.channels.latestPublished(provider, page.id, post.id))?.id).toBe(submission.id);
    }
  });

  it('writes the recent slice again without growing the history', async () => {
    const target = history.sqliteFile ? { sqliteFile: join(dataDir, 'herald.sqlite') } : { databaseUrl: history.databaseUrl! };
    await stores.close();
    await refreshRecent(target, SIZE, CHANNEL);
    stores = await openStore({ dataDir, databaseUrl: history.databaseUrl });
    expect(await count('submissions')).toBe(SIZE);
    expect(await count('attempts')).toBe(SIZE);
  });

  it('is taken from the cache the second time', async () => {
    const again = await prepareHistory(engine, { submissions: SIZE, channelId: CHANNEL, log: () => undefined, cacheDir, postgresName });
    expect(again.generatedInSeconds).toBe(0);
    expect(again.sqliteFile ?? again.databaseUrl).toBe(history.sqliteFile ?? history.databaseUrl);
  });
});
