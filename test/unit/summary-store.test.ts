import { openStore } from '../../src/store/open-store.js';
import type { SummaryStore } from '../../src/store/summary-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import type { Stores } from '../../src/store/stores.js';

// The live summary's row per channel: one refresh at a time across processes, and none released while a
// newer request is waiting. The same on embedded SQLite and on PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LEASE_MS = 60_000;

describe.each(['sqlite', 'postgres'] as const)('summary store on %s', (engine) => {
  let store: Stores;
  let second: Stores;
  let mine: SummaryStore;
  let theirs: SummaryStore;
  let opened: EngineStore;

  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-summaries-');
    store = opened.stores;
    // A second process on the same database, as a second replica would be.
    second = await opened.openAnother();
    mine = store.summaries;
    theirs = second.summaries;
  });
  afterAll(async () => {
    await opened.close();
  });

  it('lets one refresh hold a channel, until it has shown the newest request or its lease runs out', async () => {
    expect(await mine.takeRefresh('C1', 'a', at(0), LEASE_MS)).toBeNull(); // nothing requested yet
    await mine.requestRefresh('C1', at(0));
    const lease = await mine.takeRefresh('C1', 'a', at(0), LEASE_MS);
    expect(lease).toEqual({ generation: 1, messageTs: null });
    expect(await theirs.takeRefresh('C1', 'b', at(1), LEASE_MS)).toBeNull();

    expect(await mine.saveMessageTs('C1', 'a', '111.222', at(1))).toBe(true);
    expect(await theirs.saveMessageTs('C1', 'b', '999.999', at(1))).toBe(false);
    await theirs.requestRefresh('C1', at(2)); // arrives while "a" renders generation 1
    expect(await mine.finishRefresh('C1', 'a', 1, at(3))).toBe(false);
    expect(await mine.takeRefresh('C1', 'a', at(3), LEASE_MS)).toEqual({ generation: 2, messageTs: '111.222' });
    expect(await mine.finishRefresh('C1', 'a', 2, at(4))).toBe(true);

    expect(await theirs.takeRefresh('C1', 'b', at(5), LEASE_MS)).toEqual({ generation: 2, messageTs: '111.222' });
    // "b" dies holding it: "c" waits for the lease to run out, then takes over.
    expect(await mine.takeRefresh('C1', 'c', at(6), LEASE_MS)).toBeNull();
    expect(await mine.takeRefresh('C1', 'c', at(66), LEASE_MS)).not.toBeNull();
    await mine.abandonRefresh('C1', 'c', at(67));
    expect(await theirs.takeRefresh('C1', 'b', at(67), LEASE_MS)).not.toBeNull();
    expect(await mine.getMessageTs('C1')).toBe('111.222');
  });

  // PostgreSQL only: on SQLite (one process) a dead process's lease simply runs out.
  if (engine === 'postgres')
    it('frees the lease of a process that is gone at once, without waiting for it to run out', async () => {
      const doomed = await openStore({ dataDir: opened.dataDir, databaseUrl: opened.databaseUrl });
      await mine.requestRefresh('C5', at(0));
      expect(await doomed.summaries.takeRefresh('C5', 'd', at(0), LEASE_MS)).not.toBeNull();
      expect(await mine.takeRefresh('C5', 'a', at(1), LEASE_MS)).toBeNull();
      await doomed.close(); // its owner lock goes with it, as a killed process's would
      expect(await mine.takeRefresh('C5', 'a', at(2), LEASE_MS)).not.toBeNull();
    });

  it('counts racing requests, none lost', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? mine : theirs).requestRefresh('C2', at(i))));
    expect((await mine.takeRefresh('C2', 'a', at(20), LEASE_MS))?.generation).toBe(10);
  });

  it("reads a channel's published submissions by publish time, the newest `limit` of them", async () => {
    const publish = async (channelId: string, seconds: number, message: string) => {
      const { submission } = await store.submissions.saveSubmission(newSubmission({ channelId, draft: draft({ message }) }));
      await store.submissions.markPublished(submission.id, `E-${submission.id}`, at(seconds));
    };
    await publish('C3', 30, 'third');
    await publish('C3', 10, 'first');
    await publish('C3', 20, 'second');
    await publish('C4', 15, 'elsewhere');
    await store.submissions.saveSubmission(newSubmission({ channelId: 'C3', draft: draft({ message: 'not published' }) }));
    expect((await mine.listChannelPublished('C3', 10)).map((s) => s.draft.message)).toEqual(['first', 'second', 'third']);
    expect((await mine.listChannelPublished('C3', 2)).map((s) => s.draft.message)).toEqual(['second', 'third']);
    // Updates read before are kept parsed; one published since is read and falls into its place.
    await publish('C3', 25, 'late arrival');
    expect((await mine.listChannelPublished('C3', 10)).map((s) => s.draft.message)).toEqual(['first', 'second', 'late arrival', 'third']);
    // Another store (another replica) reads the same from the database.
    expect((await theirs.listChannelPublished('C3', 10)).map((s) => s.draft.message)).toEqual(['first', 'second', 'late arrival', 'third']);
  });
});
