import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// Corrections get a table of their own. They were kept in the audit trail (attempts) as rows disguised as HTTP
// exchanges (method CORRECTION, url herald:correction:<stage>), and the live summary read the whole trail,
// bodies included, at every refresh to find the latest corrected text. Those rows are carried over here and
// taken out of the trail, in one transaction, so a crash halfway leaves them where they were.

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('corrections')
    .ifNotExists()
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (col) =>
      engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('correction_id', 'text', (col) => col.notNull())
    .addColumn('submission_id', 'text', (col) => col.notNull().references('submissions.id'))
    .addColumn('stage', 'text', (col) => col.notNull().check(sql`stage in ('requested', 'applied', 'failed')`))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('failure', 'text')
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('corrections_submission_idx').ifNotExists().on('corrections').columns(['submission_id', 'at']).execute();
  // SQLite runs migrations outside a transaction, PostgreSQL inside one (where a nested one is not allowed).
  if (engine === 'sqlite') await db.transaction().execute((trx) => carryOverTrailRows(trx));
  else await carryOverTrailRows(db);
}

interface TrailRow {
  id: number;
  submission_id: string;
  url: string;
  request_body: string | null;
  response_body: string | null;
  started_at: string;
}

async function carryOverTrailRows(db: Kysely<unknown>): Promise<void> {
  const rows = (
    await sql<TrailRow>`select id, submission_id, url, request_body, response_body, started_at from attempts where method = 'CORRECTION' order by id`.execute(
      db,
    )
  ).rows;
  for (const row of rows) {
    const record = correctionOf(row);
    if (record) {
      await sql`insert into corrections (correction_id, submission_id, stage, user_id, message, failure, at)
        values (${record.correctionId}, ${row.submission_id}, ${record.stage}, ${record.userId}, ${record.message}, ${record.failure}, ${row.started_at})`.execute(
        db,
      );
    }
    await sql`delete from attempts where id = ${row.id}`.execute(db);
  }
}

/** A trail row as the correction it recorded; null for a row that never was one Herald could read. */
function correctionOf(
  row: TrailRow,
): { correctionId: string; stage: string; userId: string; message: string; failure: string | null } | null {
  const stage = row.url.replace(/^herald:correction:/, '');
  if (!['requested', 'applied', 'failed'].includes(stage)) return null;
  const body = parse(row.request_body) as { correctionId?: unknown; userId?: unknown; message?: unknown } | null;
  if (!body || typeof body.correctionId !== 'string' || typeof body.userId !== 'string' || typeof body.message !== 'string') return null;
  const failure = (parse(row.response_body) as { failure?: unknown } | null)?.failure;
  return {
    correctionId: body.correctionId,
    stage,
    userId: body.userId,
    message: body.message,
    failure: typeof failure === 'string' ? failure : null,
  };
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('corrections').ifExists().execute();
}
