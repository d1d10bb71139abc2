import type { Kysely } from 'kysely';

// Workspaces Herald was installed into with OAuth. The installation (its tokens above all) is stored sealed
// by src/slack/installations/token-cipher.ts; only what identifies the workspace is in the clear, so a row can
// be found, listed and deleted without the key. Every statement is `if not exists` (see 001).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('installations')
    .ifNotExists()
    /** `T:<team id>` for a workspace, `E:<enterprise id>` for an org-wide (Enterprise Grid) install. */
    .addColumn('installation_key', 'text', (col) => col.primaryKey())
    .addColumn('team_id', 'text')
    .addColumn('enterprise_id', 'text')
    .addColumn('bot_user_id', 'text')
    /** The Bolt Installation as JSON, encrypted (AES-256-GCM). */
    .addColumn('sealed_installation', 'text', (col) => col.notNull())
    .addColumn('installed_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('installations').execute();
}
