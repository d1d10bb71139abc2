import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';
import { createUnlessBuilt, type IndexStatement } from './create-unless-built.js';

// The audit trail keeps each exchange's request and response bodies for HERALD_AUDIT_RETENTION_DAYS, then only
// its outcome (status, error code, duration). This partial index holds the exchanges that still have bodies, by
// age, so pruning reads only those, oldest first, never the whole trail. `if not exists`, like 001.

/** The index on `attempts`, which grows with history: on PostgreSQL built beforehand without blocking writes (concurrent-indexes.ts). */
export function auditBodiesIndexes(db: Kysely<unknown>): IndexStatement[] {
  return [
    db.schema
      .createIndex('attempts_with_bodies_idx')
      .ifNotExists()
      .on('attempts')
      .column('started_at')
      .where(sql<boolean>`request_body is not null or response_body is not null`),
  ];
}

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  for (const index of auditBodiesIndexes(db)) await createUnlessBuilt(db, engine, index);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attempts_with_bodies_idx').ifExists().execute();
}
