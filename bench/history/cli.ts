import { FAKE_CHANNEL } from '../../test/fakes/fake-slack.js';
import { prepareHistory, refreshRecent } from './generate.js';

// `npx tsx bench/history/cli.ts [submissions]`: generates (or finds in the cache) the history on both engines,
// writes its recent slice, and says how big it is. `npm run bench` does the same before its history rows.

const submissions = Number(process.argv[2] ?? 1_000_000);
for (const engine of ['sqlite', 'postgres'] as const) {
  const history = await prepareHistory(engine, {
    submissions,
    channelId: FAKE_CHANNEL.id,
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const started = performance.now();
  await refreshRecent(history, submissions, FAKE_CHANNEL.id);
  process.stdout.write(
    `${engine}: ${submissions.toLocaleString('en-US')} submissions, ${(history.bytes / 2 ** 20).toFixed(0)} MB, ` +
      `generated in ${history.generatedInSeconds.toFixed(1)} s, recent slice written in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `${history.sqliteFile ?? history.databaseUrl}\n`,
  );
}
