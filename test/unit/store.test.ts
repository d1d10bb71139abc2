import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openStore, SQLITE_FILE_NAME, type OpenStoreOptions } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import type { Database } from '../../src/store/schema.js';
import type { SubmissionStore } from '../../src/store/submission-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase } from '../support/test-databases.js';
import type { NewSubmission } from '../../src/updates/submission.js';

// One suite, both engines: the store must behave the same on embedded SQLite and on PostgreSQL.

/** A place to open stores in, plus a side door to the rows for what the Store API cannot do. */
interface Target {
  options: OpenStoreOptions;
  rawDb(): Kysely<Database>;
  cleanup(): Promise<void>;
}

const engines: Array<{ name: 'sqlite' | 'postgres'; createTarget(): Promise<Target> }> = [
  { name: 'sqlite', createTarget: createSqliteTarget },
  { name: 'postgres', createTarget: createPostgresTarget },
];

async function createSqliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-store-'));
  return {
    options: { dataDir },
    rawDb: () =>
      new Kysely<Database>({
        dialect: new SqliteDialect({
          database: new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME)),
        }),
      }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function createPostgresTarget(): Promise<Target> {
  const database = await createTestDatabase();
  return {
    options: { databaseUrl: database.url, dataDir: '/nonexistent/must-not-be-used' },
    rawDb: () =>
      new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: database.url, max: 1 }),
        }),
      }),
    cleanup: () => database.drop(),
  };
}

const MINUTE = 60_000;

describe.each(engines)('store on $name', ({ name, createTarget }) => {
  let target: Target;
  let store: SubmissionStore;
  let raw: Kysely<Database>;

  beforeAll(async () => {
    target = await createTarget();
    store = (await openStore(target.options)).submissions;
    raw = target.rawDb();
  });

  afterAll(async () => {
    await raw?.destroy();
    await store?.close();
    await target?.cleanup();
  });

  async function save(overrides: Partial<NewSubmission> = {}) {
    return (await store.saveSubmission(newSubmission(overrides))).submission;
  }

  it('reports its engine', () => {
    expect(store.engine).toBe(name);
  });

  describe('saveSubmission and getSubmission', () => {
    it('round-trips a submission, starting pending with nothing done', async () => {
      const input = newSubmission({ teamId: null, responseUrl: null, viewId: null });
      const before = Date.now();
      const { submission, created } = await store.saveSubmission(input);

      expect(created).toBe(true);
      expect(submission).toEqual({
        ...input,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        state: 'pending',
        attemptCount: 0,
        failure: null,
        entryId: null,
        publishedAt: null,
        echoState: 'pending',
        echoTs: null,
        leaseUntil: null,
        leaseOwner: null,
        notifiedAt: null,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      });
      expect(submission.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(submission.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await store.getSubmission(submission.id)).toEqual(submission);
    });

    it('keeps every field of the draft, nulls included', async () => {
      const full = draft({
        severity: null,
        nextUpdateMinutes: null,
        reportedAt: null,
        impacts: [],
      });
      const saved = await save({ draft: full });
      expect((await store.getSubmission(saved.id))?.draft).toEqual(full);
    });

    it('returns null for an unknown id', async () => {
      expect(await store.getSubmission(randomUUID())).toBeNull();
    });

    it('finds a submission by its key', async () => {
      const saved = await save();
      expect(await store.findSubmissionByKey(saved.key)).toEqual(saved);
      expect(await store.findSubmissionByKey(`key-${randomUUID()}`)).toBeNull();
    });

    it('returns the first submission when the same key comes again', async () => {
      const first = await store.saveSubmission(newSubmission({ key: 'same-key-twice' }));
      const again = await store.saveSubmission(newSubmission({ key: 'same-key-twice', draft: draft({ message: 'a different text' }) }));
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.submission).toEqual(first.submission);
      expect(await countRows('same-key-twice')).toBe(1);
    });

    it('stores one row when 20 saves of the same key race', async () => {
      const key = `racing-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, () => store.saveSubmission(newSubmission({ key }))));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.submission.id)).size).toBe(1);
      expect(await countRows(key)).toBe(1);
    });

    it('fails loudly when a stored draft is corrupt', async () => {
      const saved = await save();
      await store.markFailed(saved.id, { kind: 'test', message: 'corrupt on purpose' });
      await raw
        .updateTable('submissions')
        .set({ draft: JSON.stringify({ ...draft(), message: '' }) })
        .where('id', '=', saved.id)
        .execute();
      await expect(store.getSubmission(saved.id)).rejects.toThrow(`Stored draft of submission ${saved.id} is invalid`);
      // Listed by id, so the other unfinished submissions are not held up by it; it fails alone when claimed.
      expect(await store.listUnfinished()).toContain(saved.id);
      await expect(store.claimSubmission(saved.id, MINUTE)).rejects.toThrow('is invalid');
    });

    async function countRows(key: string): Promise<number> {
      const rows = await raw.selectFrom('submissions').select('id').where('key', '=', key).execute();
      return rows.length;
    }
  });

  describe('claimSubmission', () => {
    const now = new Date('2030-05-06T07:08:09.010Z');

    it('takes a pending submission for publishing under a lease', async () => {
      const saved = await save();
      const claimed = await store.claimSubmission(saved.id, 5 * MINUTE, now);
      expect(claimed).toMatchObject({
        id: saved.id,
        state: 'publishing',
        attemptCount: 1,
        leaseUntil: new Date(now.getTime() + 5 * MINUTE),
        leaseOwner: store.ownerId,
      });
      expect(await store.getSubmission(saved.id)).toEqual(claimed);
    });

    it('refuses a submission whose lease still runs, up to the instant it ends', async () => {
      const saved = await save();
      await store.claimSubmission(saved.id, 5 * MINUTE, now);
      expect(await store.claimSubmission(saved.id, 5 * MINUTE, now)).toBeNull();
      const leaseEnd = new Date(now.getTime() + 5 * MINUTE);
      expect(await store.claimSubmission(saved.id, 5 * MINUTE, leaseEnd)).toBeNull();
      expect((await store.getSubmission(saved.id))?.attemptCount).toBe(1);
    });

    it('takes over a submission whose publisher let the lease expire', async () => {
      const saved = await save();
      await store.claimSubmission(saved.id, 5 * MINUTE, now);
      const later = new Date(now.getTime() + 5 * MINUTE + 1);
      const reclaimed = await store.claimSubmission(saved.id, MINUTE, later);
      expect(reclaimed).toMatchObject({
        state: 'publishing',
        attemptCount: 2,
        leaseUntil: new Date(later.getTime() + MINUTE),
      });
    });

    it('never takes a finished submission (its author was told)', async () => {
      const published = await save();
      await store.claimSubmission(published.id, MINUTE, now);
      await store.markPublished(published.id, 'entry-1', now);
      await store.markNotified(published.id, now);
      const failed = await save();
      await store.claimSubmission(failed.id, MINUTE, now);
      await store.markFailed(failed.id, { kind: 'validation', message: 'No.' });
      await store.markNotified(failed.id, now);

      const muchLater = new Date(now.getTime() + 60 * MINUTE);
      expect(await store.claimSubmission(published.id, MINUTE, muchLater, { takeBackOwn: true })).toBeNull();
      expect(await store.claimSubmission(failed.id, MINUTE, muchLater, { takeBackOwn: true })).toBeNull();
    });

    it('takes a published or failed submission whose author was not told yet, keeping its state', async () => {
      const published = await save();
      await store.claimSubmission(published.id, MINUTE, now);
      await store.markPublished(published.id, 'entry-2', now);
      const failed = await save();
      await store.claimSubmission(failed.id, MINUTE, now);
      await store.markFailed(failed.id, { kind: 'rejected', message: 'No.' });

      // Still under the publisher's lease: telling the author is its job.
      const other = (await openStore(target.options)).submissions;
      try {
        expect(await other.claimSubmission(published.id, MINUTE, now)).toBeNull();
        const later = new Date(now.getTime() + MINUTE + 1);
        expect(await other.claimSubmission(published.id, MINUTE, later)).toMatchObject({
          state: 'published',
          entryId: 'entry-2',
          attemptCount: 1,
          leaseOwner: other.ownerId,
        });
        expect(await other.claimSubmission(failed.id, MINUTE, later)).toMatchObject({
          state: 'failed',
          attemptCount: 1,
        });
      } finally {
        await other.close();
      }
    });

    it('takes back a lease of its own only when asked (a run of this process that stopped halfway)', async () => {
      const saved = await save();
      await store.claimSubmission(saved.id, 5 * MINUTE, now);
      expect(await store.claimSubmission(saved.id, 5 * MINUTE, now)).toBeNull();
      const other = (await openStore(target.options)).submissions;
      try {
        expect(await other.claimSubmission(saved.id, 5 * MINUTE, now, { takeBackOwn: true })).toBeNull();
      } finally {
        await other.close();
      }
      expect(await store.claimSubmission(saved.id, 5 * MINUTE, now, { takeBackOwn: true })).toMatchObject({
        state: 'publishing',
        attemptCount: 2,
      });
      expect(await store.listUnfinished(now, { takeBackOwn: true })).toContain(saved.id);
      expect(await store.listUnfinished(now)).not.toContain(saved.id);
    });

    it('renews only a lease it holds, and never once the author was told', async () => {
      const saved = await save();
      expect(await store.renewLease(saved.id, MINUTE, now)).toBe(false);
      await store.claimSubmission(saved.id, MINUTE, now);
      const later = new Date(now.getTime() + 30_000);
      expect(await store.renewLease(saved.id, MINUTE, later)).toBe(true);
      expect((await store.getSubmission(saved.id))?.leaseUntil).toEqual(new Date(later.getTime() + MINUTE));

      const other = (await openStore(target.options)).submissions;
      try {
        expect(await other.renewLease(saved.id, MINUTE, later)).toBe(false);
        // Taken over once expired: the first holder's renewal now fails, which is how it learns to stop.
        const expired = new Date(later.getTime() + MINUTE + 1);
        expect(await other.claimSubmission(saved.id, MINUTE, expired)).not.toBeNull();
        expect(await store.renewLease(saved.id, MINUTE, expired)).toBe(false);
        expect(await other.renewLease(saved.id, MINUTE, expired)).toBe(true);
        await other.markPublished(saved.id, 'entry-3', expired);
        await other.markNotified(saved.id, expired);
        expect(await other.renewLease(saved.id, MINUTE, expired)).toBe(false);
        expect(await store.getSubmission(saved.id)).toMatchObject({ leaseUntil: null, leaseOwner: null, notifiedAt: expired });
      } finally {
        await other.close();
      }
    });

    it('returns null for an unknown id', async () => {
      expect(await store.claimSubmission(randomUUID(), MINUTE, now)).toBeNull();
    });

    it(
      name === 'postgres'
        ? 'takes over at once from an owner whose process is gone, never from a live one'
        : 'waits for the lease of an owner that is gone (one process per file: it takes over at start)',
      async () => {
        const gone = (await openStore(target.options)).submissions;
        const alive = (await openStore(target.options)).submissions;
        try {
          const abandoned = [await save(), await save(), await save(), await save()];
          const held = await save();
          for (const submission of abandoned) expect(await gone.claimSubmission(submission.id, 60 * MINUTE, now)).not.toBeNull();
          expect(await alive.claimSubmission(held.id, 60 * MINUTE, now)).not.toBeNull();
          await gone.close(); // its session, and the lock that said it was alive, end with it

          // All at once, as a restarted publisher claims them: asking whether the owner is gone never blocks another ask.
          const taken = await Promise.all(abandoned.map((submission) => store.claimSubmission(submission.id, MINUTE, now)));
          if (name === 'postgres') {
            for (const claim of taken) expect(claim).toMatchObject({ attemptCount: 2, leaseOwner: store.ownerId });
          } else {
            expect(taken).toEqual(abandoned.map(() => null));
          }
          expect(await store.claimSubmission(held.id, MINUTE, now)).toBeNull();
          expect(await store.listUnfinished(now)).not.toContain(held.id);
        } finally {
          await alive.close();
        }
      },
    );

    it('lets exactly one of many racing claims win, across two connections', async () => {
      const other = (await openStore(target.options)).submissions;
      try {
        for (let round = 0; round < 5; round += 1) {
          const saved = await save();
          const claims = await Promise.all(
            Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).claimSubmission(saved.id, MINUTE, now)),
          );
          expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
          expect((await store.getSubmission(saved.id))?.attemptCount).toBe(1);
        }
      } finally {
        await other.close();
      }
    });
  });

  describe('listUnfinished', () => {
    const now = new Date('2031-01-01T00:00:00.000Z');
    const sortedIds = (submissions: Array<{ id: string } | string>) => submissions.map((s) => (typeof s === 'string' ? s : s.id)).sort();

    it('lists pending, publishing past its lease, and published or failed whose author was not told', async () => {
      const pending = await save();
      const leased = await save();
      await store.claimSubmission(leased.id, 10 * MINUTE, now);
      const expired = await save();
      await store.claimSubmission(expired.id, MINUTE, new Date(now.getTime() - 2 * MINUTE));
      const unechoed = await save();
      await store.markPublished(unechoed.id, 'entry-a', now);
      const echoedNotTold = await save();
      await store.markPublished(echoedNotTold.id, 'entry-b', now);
      await store.markEchoed(echoedNotTold.id, { state: 'posted', ts: '1700000000.000100' });
      const failedNotTold = await save();
      await store.markFailed(failedNotTold.id, { kind: 'auth', message: 'Bad token.' });
      const told = [];
      for (const finish of ['echoed', 'echo failed', 'failed'] as const) {
        const saved = await save();
        if (finish === 'failed') await store.markFailed(saved.id, { kind: 'auth', message: 'Bad token.' });
        else {
          await store.markPublished(saved.id, 'entry-c', now);
          await store.markEchoed(saved.id, { state: finish === 'echoed' ? 'posted' : 'failed', ts: null });
        }
        await store.markNotified(saved.id, now);
        told.push(saved);
      }

      const all = [pending, leased, expired, unechoed, echoedNotTold, failedNotTold, ...told];
      const mine = new Set(all.map((s) => s.id));
      const listed = (await store.listUnfinished(now)).filter((id) => mine.has(id));
      expect(sortedIds(listed)).toEqual(sortedIds([pending, expired, unechoed, echoedNotTold, failedNotTold]));

      // Once the live lease runs out, that one is unfinished too.
      const later = new Date(now.getTime() + 11 * MINUTE);
      const listedLater = (await store.listUnfinished(later)).filter((id) => mine.has(id));
      expect(sortedIds(listedLater)).toEqual(sortedIds([pending, leased, expired, unechoed, echoedNotTold, failedNotTold]));
    });

    it('lists the oldest first', async () => {
      const saved = [];
      for (let i = 0; i < 3; i += 1) {
        saved.push(await save());
        // created_at has millisecond resolution; make sure each one gets its own.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const mine = new Set(saved.map((s) => s.id));
      const listed = (await store.listUnfinished(now)).filter((id) => mine.has(id));
      expect(listed).toEqual(saved.map((s) => s.id));
    });
  });

  describe('attempts', () => {
    it('records the audit trail and lists it in the order the exchanges started', async () => {
      const saved = await save();
      const elsewhere = await save();
      const t0 = new Date('2030-01-01T00:00:00.000Z');
      const first = {
        submissionId: saved.id,
        method: 'POST',
        url: 'https://api.pagerduty.test/status_pages/PAGE1/posts/INC1/post_updates',
        requestBody: {
          post_update: { message: 'x', notify_subscribers: true },
          list: [1, 'two', null],
        },
        responseStatus: null,
        responseBody: undefined,
        errorCode: 'ETIMEDOUT',
        startedAt: t0,
        durationMs: 10_000.4,
      };
      const second = {
        ...first,
        method: 'GET',
        url: 'https://api.pagerduty.test/status_pages/PAGE1/posts/INC1/post_updates',
        requestBody: null,
        responseStatus: 200,
        responseBody: { post_updates: [] },
        errorCode: null,
        startedAt: new Date(t0.getTime() + 11_000),
        durationMs: 35,
      };
      const third = {
        ...second,
        method: 'POST',
        responseStatus: 201,
        responseBody: 'plain text',
        startedAt: new Date(t0.getTime() + 12_000),
      };
      await store.recordAttempt(first);
      await store.recordAttempt({ ...first, submissionId: elsewhere.id });
      await store.recordAttempt(third);
      await store.recordAttempt(second);

      const attempts = await store.listAttempts(saved.id);
      expect(attempts).toEqual([
        { ...first, id: expect.any(Number), responseBody: null, durationMs: 10_000 },
        { ...second, id: expect.any(Number) },
        { ...third, id: expect.any(Number) },
      ]);
      expect(await store.listAttempts(elsewhere.id)).toHaveLength(1);
      expect(await store.listAttempts(randomUUID())).toEqual([]);
    });

    it('refuses an attempt for a submission that does not exist', async () => {
      await expect(
        store.recordAttempt({
          submissionId: randomUUID(),
          method: 'GET',
          url: 'https://example.test/',
          requestBody: null,
          responseStatus: 200,
          responseBody: null,
          errorCode: null,
          startedAt: new Date(),
          durationMs: 1,
        }),
        // Not toThrow(): better-sqlite3's native binding builds its errors in the first jest realm that loaded
        // it, so in later test files they are not `instanceof Error` and toThrow() would not see them.
      ).rejects.toHaveProperty('message', expect.stringMatching(/foreign key/i));
    });
  });

  describe('state changes', () => {
    const now = new Date('2030-02-03T04:05:06.007Z');

    it('markPublished records the entry and keeps the lease until the author is told', async () => {
      const saved = await save();
      await store.claimSubmission(saved.id, MINUTE, now);
      const publishedAt = new Date('2030-02-03T04:05:07.000Z');
      await store.markPublished(saved.id, 'PU123', publishedAt);
      const after = await store.getSubmission(saved.id);
      expect(after).toMatchObject({
        state: 'published',
        entryId: 'PU123',
        publishedAt,
        leaseUntil: new Date(now.getTime() + MINUTE),
        leaseOwner: store.ownerId,
        failure: null,
        attemptCount: 1,
        echoState: 'pending',
        notifiedAt: null,
      });
      expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(saved.updatedAt.getTime());
    });

    it('markFailed records why and keeps the lease until the author is told', async () => {
      const saved = await save();
      await store.claimSubmission(saved.id, MINUTE, now);
      const failure = {
        kind: 'rate_limited',
        message: 'PagerDuty is busy.',
        status: 429,
        requestId: 'req-9',
      };
      await store.markFailed(saved.id, failure);
      expect(await store.getSubmission(saved.id)).toMatchObject({
        state: 'failed',
        failure,
        leaseUntil: new Date(now.getTime() + MINUTE),
        notifiedAt: null,
      });

      const bare = await save();
      await store.markFailed(bare.id, {
        kind: 'network',
        message: 'No answer.',
        status: undefined,
      });
      expect((await store.getSubmission(bare.id))?.failure).toEqual({
        kind: 'network',
        message: 'No answer.',
      });
    });

    it('markEchoed records whether the echo was posted', async () => {
      const saved = await save();
      await store.markEchoed(saved.id, { state: 'posted', ts: '1712345678.000200' });
      expect(await store.getSubmission(saved.id)).toMatchObject({
        echoState: 'posted',
        echoTs: '1712345678.000200',
      });
      await store.markEchoed(saved.id, { state: 'failed', ts: null });
      expect(await store.getSubmission(saved.id)).toMatchObject({
        echoState: 'failed',
        echoTs: null,
      });
    });

    it('markNotified finishes the submission and releases the lease', async () => {
      const saved = await save();
      await store.claimSubmission(saved.id, MINUTE, now);
      await store.markFailed(saved.id, { kind: 'rejected', message: 'No.' });
      await store.markNotified(saved.id, now);
      expect(await store.getSubmission(saved.id)).toMatchObject({
        state: 'failed',
        notifiedAt: now,
        leaseUntil: null,
        leaseOwner: null,
      });
    });

    it('setViewId sets and clears the open modal', async () => {
      const saved = await save({ viewId: null });
      await store.setViewId(saved.id, 'V42');
      expect((await store.getSubmission(saved.id))?.viewId).toBe('V42');
      await store.setViewId(saved.id, null);
      expect((await store.getSubmission(saved.id))?.viewId).toBeNull();
    });

    it('throws when the submission does not exist', async () => {
      const missing = randomUUID();
      await expect(store.markPublished(missing, 'e', now)).rejects.toThrow(`No submission with id ${missing}`);
      await expect(store.markFailed(missing, { kind: 'x', message: 'y' })).rejects.toThrow(missing);
      await expect(store.markEchoed(missing, { state: 'posted', ts: '1.2' })).rejects.toThrow(missing);
      await expect(store.setViewId(missing, null)).rejects.toThrow(missing);
      await expect(store.markNotified(missing, now)).rejects.toThrow(missing);
    });
  });
});
