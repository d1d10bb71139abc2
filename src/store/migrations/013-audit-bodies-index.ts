import { sql, type Kysely } from 'kysely';

// The audit trail keeps each exchange's request and response bodies for HERALD_AUDIT_RETENTION_DAYS, then only
// its outcome (status, error code, duration). This partial index holds the exchanges that still have bodies, by
// age, so pruning reads only those, oldest first, never the whole trail. `if not exists`, like 001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('attempts_with_bodies_idx')
    .ifNotExists()
    .on('attempts')
    .column('started_at')
    .where(sql<boolean>`request_body is not null or response_body is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attempts_with_bodies_idx').ifExists().execute();
}
