import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import type { SubmissionStore } from '../../src/store/submission-store.js';
import { decideUpdateRate, describeUpdateRateLimit } from '../../src/submitting/update-rate-limit.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('decideUpdateRate', () => {
  it('allows while fewer than the limit were stored in the window, and when the limit is off', () => {
    expect(decideUpdateRate([at(0), at(10)], 3)).toEqual({ allowed: true });
    expect(decideUpdateRate([at(0), at(1), at(2), at(3)], 0)).toEqual({ allowed: true });
  });

  it('at the limit, allows the next one when the oldest of the newest `limit` leaves the minute', () => {
    // Any order in; the newest three are 5, 20 and 40 s: the one at 5 s leaves at 65 s.
    expect(decideUpdateRate([at(20), at(5), at(40)], 3)).toEqual({ allowed: false, limit: 3, retryAt: at(65) });
    expect(decideUpdateRate([at(1), at(20), at(5), at(40)], 3)).toEqual({ allowed: false, limit: 3, retryAt: at(65) });
  });

  it('says the limit and the wait in whole seconds, never "0 seconds"', () => {
    expect(describeUpdateRateLimit({ limit: 6, retryAt: at(42) }, at(0))).toBe(
      'You can publish at most 6 updates a minute to this incident. Nothing was published and your text is kept: try again in 42 seconds.',
    );
    expect(describeUpdateRateLimit({ limit: 1, retryAt: at(0.2) }, at(0))).toContain('at most 1 update a minute');
    expect(describeUpdateRateLimit({ limit: 1, retryAt: at(0.2) }, at(0))).toContain('try again in 1 second.');
  });
});

const engines: Array<{ name: string; open(): Promise<{ store: SubmissionStore; cleanup(): Promise<void> }> }> = [
  {
    name: 'sqlite',
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'herald-rate-'));
      const store = (await openStore({ dataDir })).submissions;
      return { store, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async open() {
      const database: TestDatabase = await createTestDatabase();
      const store = (await openStore({ databaseUrl: database.url, dataDir: '/nonexistent/must-not-be-used' })).submissions;
      return { store, cleanup: () => database.drop() };
    },
  },
];

describe.each(engines)('Store.recentSubmissionTimes on $name', ({ open }) => {
  let store: SubmissionStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const author = { userId: 'U1', provider: 'pagerduty', pageId: 'PAGE1', postId: 'INC1' };

  it("counts one author's submissions to one post since the given time, newest first, failed ones left out", async () => {
    await store.saveSubmission(newSubmission(), at(-61));
    const failed = (await store.saveSubmission(newSubmission(), at(5))).submission;
    await store.markFailed(failed.id, { kind: 'unauthorized', message: 'The status page refused the token.' });
    for (const seconds of [10, 20, 30]) await store.saveSubmission(newSubmission(), at(seconds));
    // Someone else, another post, another page: not this author's allowance.
    await store.saveSubmission(newSubmission({ userId: 'U2' }), at(31));
    await store.saveSubmission(
      newSubmission({ draft: draft({ post: { id: 'INC2', title: 'Other', kind: 'incident', url: null } }) }),
      at(32),
    );
    await store.saveSubmission(newSubmission({ draft: draft({ page: { id: 'PAGE2', name: 'Internal', url: null } }) }), at(33));

    expect(await store.recentSubmissionTimes(author, at(-60), 10)).toEqual([at(30), at(20), at(10)]);
    expect(await store.recentSubmissionTimes(author, at(-60), 2)).toEqual([at(30), at(20)]);
    expect(await store.recentSubmissionTimes(author, at(15), 10)).toEqual([at(30), at(20)]);
  });

  it('stores a submission once, with the time of its first save, however often it is saved again', async () => {
    const replayed = newSubmission({ draft: draft({ post: { id: 'INC3', title: 'Replayed', kind: 'incident', url: null } }) });
    await store.saveSubmission(replayed, at(40));
    await store.saveSubmission(replayed, at(41));
    expect(await store.recentSubmissionTimes({ ...author, postId: 'INC3' }, at(0), 10)).toEqual([at(40)]);
  });
});
