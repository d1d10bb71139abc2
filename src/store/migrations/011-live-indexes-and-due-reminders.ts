import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';
import { createUnlessBuilt, type IndexStatement } from './create-unless-built.js';

// Reads that stay as cheap at a million stored submissions as at a hundred: each read on a request path or a
// timer goes through an index that holds only what is live.
// - Unfinished submissions (the sweep, the /metrics gauge): every one has no `notified_at` yet. The index on state
//   alone (001) goes: it narrows nothing down as history grows.
// - The newest published update, and the newest one still on its way, of one incident (the form's prefill,
//   corrections, reminders).
// - Reminders: a row per published update that promised a next one, written when it is published, with the
//   time it is due (state 'due'); the reminder tick reads the due ones from the (state, due_at) index instead of
//   reading every recent submission and parsing its draft. Updates published before this migration, within the
//   reminder look-back (28 hours), get their row here.
//
// Partial indexes on both engines; the queries that use them repeat each index's condition word for word, with
// literals, which is what lets SQLite's planner pick them. Statements are `if not exists` / `on conflict do
// nothing`, so this can run again after a crash halfway. Building them on an existing database reads the table
// once per index: the README says what an upgrade costs.

/** 001's index on state alone, which this migration drops (on PostgreSQL, concurrently beforehand: concurrent-indexes.ts). */
export const SUPERSEDED_STATE_INDEX = 'submissions_state_idx';

/** Past the longest "Next update in" (4 hours) plus a day of snoozes and downtime, as the reminder worker looks. */
const LOOKBACK_MS = 28 * 60 * 60 * 1000;

/**
 * The indexes this migration adds to `submissions`, which grows with history; on PostgreSQL they are built
 * beforehand without blocking writes (concurrent-indexes.ts), and the statements here then find them built.
 */
export function liveIndexes(db: Kysely<unknown>): IndexStatement[] {
  return [
    db.schema
      .createIndex('submissions_unfinished_idx')
      .ifNotExists()
      .on('submissions')
      .columns(['created_at', 'id'])
      .where(sql.ref('notified_at'), 'is', null),
    db.schema
      .createIndex('submissions_post_published_idx')
      .ifNotExists()
      .on('submissions')
      .columns(['provider', 'page_id', 'post_id', 'published_at'])
      .where(sql<boolean>`state = 'published'`),
    db.schema
      .createIndex('submissions_post_in_flight_idx')
      .ifNotExists()
      .on('submissions')
      .columns(['provider', 'page_id', 'post_id', 'created_at'])
      .where(sql<boolean>`state in ('pending', 'publishing')`),
  ];
}

export async function up(db: Kysely<unknown>, engine: Engine, now = new Date()): Promise<void> {
  for (const index of liveIndexes(db)) await createUnlessBuilt(db, engine, index);

  // An index on state alone narrows nothing down as history grows (every finished submission shares a state),
  // yet planners reach for it: with it gone, they take the indexes above.
  await db.schema.dropIndex(SUPERSEDED_STATE_INDEX).ifExists().execute();

  // Rows of updates published before this migration whose reminder is still to come (or still to decide).
  const since = new Date(now.getTime() - LOOKBACK_MS).toISOString();
  const recent = await sql<{ id: string; draft: string; published_at: string }>`
    select id, draft, published_at from submissions
    where state = 'published' and published_at >= ${since}
      and not exists (select 1 from reminders where reminders.submission_id = submissions.id)`.execute(db);
  for (const row of recent.rows) {
    const minutes = nextUpdateMinutesOf(row.draft);
    if (minutes === null) continue;
    const dueAt = new Date(new Date(row.published_at).getTime() + minutes * 60_000).toISOString();
    await sql`insert into reminders (submission_id, state, due_at, updated_at) values (${row.id}, 'due', ${dueAt}, ${now.toISOString()})
      on conflict do nothing`.execute(db);
  }
}

function nextUpdateMinutesOf(draft: string): number | null {
  try {
    const minutes = (JSON.parse(draft) as { nextUpdateMinutes?: unknown }).nextUpdateMinutes;
    return typeof minutes === 'number' && minutes > 0 ? minutes : null;
  } catch {
    return null;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('submissions_state_idx').ifNotExists().on('submissions').column('state').execute();
  await sql`delete from reminders where state = 'due'`.execute(db);
  await db.schema.dropIndex('submissions_post_in_flight_idx').ifExists().execute();
  await db.schema.dropIndex('submissions_post_published_idx').ifExists().execute();
  await db.schema.dropIndex('submissions_unfinished_idx').ifExists().execute();
}
