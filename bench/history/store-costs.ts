import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import type { Engine } from '../../src/store/schema.js';
import type { Stores } from '../../src/store/stores.js';
import { FAKE_CHANNEL } from '../../test/fakes/fake-slack.js';
import { summarise } from '../support/stats.js';
import { copySqliteHistory, linkBenchChannel, prepareHistory, refreshRecent } from './generate.js';

// The store work of issue 18's first table, timed in this process on the history (no Herald, no HTTP), so it
// can be set beside the figures the issue measured before the live indexes:
//   - the store reads before views.open in a linked channel (the channel's links, the incident's last update);
//   - one reminder tick's reads (give up the stale ones, then the due ones, a batch of 100);
//   - the publisher's sweep and each /metrics scrape (the unfinished submissions, and their count).
//   npx tsx bench/history/store-costs.ts [submissions=1000000] [sqlite,postgres]

const submissions = Number(process.argv[2] ?? 1_000_000);
const engines = (process.argv[3]?.split(',') ?? ['sqlite', 'postgres']) as Engine[];
const TIMES = 50;
const LOOKBACK_MS = 28 * 60 * 60 * 1000;
const log = (message: string) => process.stderr.write(`${message}\n`);

for (const engine of engines) {
  const history = await prepareHistory(engine, { submissions, channelId: FAKE_CHANNEL.id, log });
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-store-costs-'));
  try {
    if (history.sqliteFile) await copySqliteHistory(history.sqliteFile, dataDir);
    const target = history.sqliteFile ? { sqliteFile: join(dataDir, SQLITE_FILE_NAME) } : { databaseUrl: history.databaseUrl! };
    await refreshRecent(target, submissions, FAKE_CHANNEL.id);
    // The channel linked to one of the history's incidents, the newest update of which the form prefills from.
    await linkBenchChannel(target, { channelId: FAKE_CHANNEL.id, pageId: 'PHIST07', postId: 'QHIST00007' });
    const stores = await openStore({ dataDir, databaseUrl: history.databaseUrl });
    try {
      const rows = {
        'store reads before views.open in a linked channel': await timed(stores, formReads),
        'one reminder tick (its reads: stale ones given up, a batch of due ones)': await timed(stores, tickReads),
        'the sweep, and each /metrics scrape (unfinished submissions, their count)': await timed(stores, sweepReads),
      };
      for (const [what, summary] of Object.entries(rows)) {
        process.stdout.write(
          `${engine}, ${submissions.toLocaleString('en-US')}: ${what}: median ${summary.p50.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms\n`,
        );
      }
    } finally {
      await stores.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function formReads(stores: Stores): Promise<void> {
  const [link] = await stores.channels.listLinks(FAKE_CHANNEL.id);
  if (!link) throw new Error('the channel is not linked');
  const last = await stores.channels.latestPublished(link.provider, link.page.id, link.post.id);
  if (!last) throw new Error('the linked incident has no update in the history');
}

async function tickReads(stores: Stores): Promise<void> {
  const now = new Date();
  const since = new Date(now.getTime() - LOOKBACK_MS);
  await stores.reminders.giveUpBefore(since, now);
  await stores.reminders.listDue(now, since, 100);
}

async function sweepReads(stores: Stores): Promise<void> {
  await stores.submissions.listUnfinished(new Date(), { takeBackOwn: false });
  await stores.submissions.countUnfinished();
}

async function timed(stores: Stores, work: (stores: Stores) => Promise<void>) {
  await work(stores);
  const samples: number[] = [];
  for (let i = 0; i < TIMES; i += 1) {
    const started = performance.now();
    await work(stores);
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}
