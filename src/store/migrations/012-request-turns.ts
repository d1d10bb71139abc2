import type { Kysely } from 'kysely';

// Where every Herald process on one PostgreSQL database takes its turn to call a status page with one API token
// (see store/request-turns-store.ts): the providers' rate limits are the token's, whichever process sends.
// `if not exists`, like 001, so it can run again after a crash halfway.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('request_turns')
    .ifNotExists()
    .addColumn('key', 'text', (col) => col.primaryKey())
    /** Exclusive turns: no request may start before this (epoch ms), and who holds the turn now, until when. */
    .addColumn('next_at_ms', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('owner', 'text')
    .addColumn('lease_until_ms', 'bigint')
    /** Paced turns: the key's theoretical arrival time (GCRA), epoch ms. */
    .addColumn('arrival_ms', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('request_turns').ifExists().execute();
}
