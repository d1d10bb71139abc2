import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import * as corrections from '../../src/store/migrations/010-corrections.js';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import { type EngineStore, openEngineStore } from '../support/engine-store.js';
import { newSubmission } from '../support/store-fixtures.js';

// Migration 010 moves corrections out of the audit trail, where they were kept as rows disguised as HTTP
// exchanges, into a table of their own: every correction an earlier Herald recorded is still offered and shown.

describe.each(['sqlite', 'postgres'] as const)('migration 010 (corrections) on %s', (engine) => {
  let opened: EngineStore;
  let raw: Kysely<unknown>;
  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-migration-010-');
    raw =
      engine === 'postgres'
        ? new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: opened.databaseUrl, max: 1 }) }) })
        : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(opened.dataDir, SQLITE_FILE_NAME)) }) });
  });
  afterAll(async () => {
    await raw.destroy();
    await opened.close();
  });

  /** A row of the trail as Herald wrote it before migration 010. */
  const oldTrailRow = (submissionId: string, stage: string, body: object, response: object | null, at: string) =>
    sql`insert into attempts (submission_id, method, url, request_body, response_status, response_body, error_code, started_at, duration_ms)
      values (${submissionId}, 'CORRECTION', ${`herald:correction:${stage}`}, ${JSON.stringify(body)}, null, ${response && JSON.stringify(response)}, null, ${at}, 0)`.execute(
      raw,
    );

  it('carries the trail’s correction rows over, leaves the HTTP exchanges, and can run again', async () => {
    const { submission } = await opened.store.saveSubmission(newSubmission({ key: 'M10:h' }));
    await sql`insert into attempts (submission_id, method, url, request_body, response_status, response_body, error_code, started_at, duration_ms)
      values (${submission.id}, 'PUT', 'https://api.example/post_updates/E1', '{}', 200, '{}', null, '2026-01-01T10:00:01.000Z', 12)`.execute(
      raw,
    );
    await oldTrailRow(
      submission.id,
      'requested',
      { correctionId: 'c1', userId: 'U1', message: 'First fix' },
      null,
      '2026-01-01T10:00:00.000Z',
    );
    await oldTrailRow(
      submission.id,
      'applied',
      { correctionId: 'c1', userId: 'U1', message: 'First fix' },
      null,
      '2026-01-01T10:00:02.000Z',
    );
    await oldTrailRow(
      submission.id,
      'requested',
      { correctionId: 'c2', userId: 'U2', message: 'Second fix' },
      null,
      '2026-01-01T11:00:00.000Z',
    );
    await oldTrailRow(
      submission.id,
      'failed',
      { correctionId: 'c2', userId: 'U2', message: 'Second fix' },
      { failure: 'Refused' },
      '2026-01-01T11:00:01.000Z',
    );

    await corrections.up(raw, engine);
    await corrections.up(raw, engine); // again, as after a crash before Kysely recorded it: nothing doubles

    const records = await opened.stores.corrections.list(submission.id);
    expect(records.map(({ correctionId, stage, userId, message, failure }) => ({ correctionId, stage, userId, message, failure }))).toEqual(
      [
        { correctionId: 'c1', stage: 'requested', userId: 'U1', message: 'First fix', failure: null },
        { correctionId: 'c1', stage: 'applied', userId: 'U1', message: 'First fix', failure: null },
        { correctionId: 'c2', stage: 'requested', userId: 'U2', message: 'Second fix', failure: null },
        { correctionId: 'c2', stage: 'failed', userId: 'U2', message: 'Second fix', failure: 'Refused' },
      ],
    );
    expect(await opened.stores.corrections.latestAppliedText(submission.id)).toBe('First fix');
    expect((await opened.store.listAttempts(submission.id)).map((attempt) => attempt.method)).toEqual(['PUT']);
  });
});
