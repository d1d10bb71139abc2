import { sql, type CreateIndexBuilder, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

/** A migration's `create index if not exists "name" …`, before it runs. */
export type IndexStatement = Pick<CreateIndexBuilder, 'compile' | 'execute'>;

/** The index's name, from its statement. */
export function indexNameOf(index: Pick<CreateIndexBuilder, 'compile'>): string {
  const name = /^create index if not exists "([^"]+)" /.exec(index.compile().sql)?.[1];
  if (name === undefined) throw new Error(`not a "create index if not exists" statement: ${index.compile().sql}`);
  return name;
}

/**
 * Runs a migration's `create index if not exists`, except on PostgreSQL when a valid index of that name is there
 * already (built concurrently before migrating, see concurrent-indexes.ts): there even a statement that finds it
 * built would lock its table against writes until the migration's transaction ends, and looking the name up
 * takes no such lock. An invalid one (a concurrent build cut short) is dropped and built here.
 */
export async function createUnlessBuilt(db: Kysely<unknown>, engine: Engine, index: IndexStatement): Promise<void> {
  if (engine === 'postgres') {
    const name = indexNameOf(index);
    const found = await sql<{ valid: boolean }>`select indisvalid as valid from pg_index where indexrelid = to_regclass(${name})`.execute(
      db,
    );
    if (found.rows[0]?.valid === true) return;
    if (found.rows[0]?.valid === false) await sql`drop index ${sql.id(name)}`.execute(db);
  }
  await index.execute();
}
