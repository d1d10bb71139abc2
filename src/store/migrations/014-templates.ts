import { sql, type Kysely } from 'kysely';

// Public update templates, per workspace (team id). A default Herald ships is a row with its `default_key`,
// seeded the first time the workspace's templates are listed; deleting any template keeps its row with
// `deleted_at` set, so a deleted default is never seeded again. NULLs are distinct in a unique index on both
// engines, so the workspace's own templates (no default_key) never collide. `if not exists`, like 001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('templates')
    .ifNotExists()
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('team_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('stage', 'text', (col) =>
      col
        .notNull()
        .check(
          sql`stage in ('investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'verifying', 'completed')`,
        ),
    )
    .addColumn('title', 'text')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('default_key', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('templates_team_default_idx')
    .ifNotExists()
    .unique()
    .on('templates')
    .columns(['team_id', 'default_key'])
    .execute();
  await db.schema.createIndex('templates_team_idx').ifNotExists().on('templates').columns(['team_id', 'name']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('templates').ifExists().execute();
}
