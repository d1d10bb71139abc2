import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

// Each workspace's public update templates (migration 014). The store keeps them as given; what a template may
// say, and Herald's defaults, are src/templates/'s to decide. Deleting keeps a row behind (`deleted_at`), so a
// deleted default stays deleted when the defaults are seeded again.

export interface TemplateFields {
  name: string;
  /** One of the stages of src/templates/template-stages.ts (the table checks it). */
  stage: string;
  title: string | null;
  body: string;
}

export interface StoredTemplate extends TemplateFields {
  id: string;
  teamId: string;
  defaultKey: string | null;
  updatedAt: Date;
}

export interface TemplateStore {
  /** Adds each default the workspace has never had (by key); those it has, or deleted, are left as they are. */
  seedDefaults(teamId: string, defaults: readonly (TemplateFields & { key: string })[], at: Date): Promise<void>;
  /** The workspace's templates, by name. */
  list(teamId: string): Promise<StoredTemplate[]>;
  get(teamId: string, id: string): Promise<StoredTemplate | null>;
  add(teamId: string, fields: TemplateFields, at: Date): Promise<StoredTemplate>;
  /** False when the workspace has no such template (never had, or deleted). */
  update(teamId: string, id: string, fields: TemplateFields, at: Date): Promise<boolean>;
  /** False when the workspace has no such template. */
  delete(teamId: string, id: string, at: Date): Promise<boolean>;
}

interface TemplatesTable {
  id: string;
  team_id: string;
  name: string;
  stage: string;
  title: string | null;
  body: string;
  default_key: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface TemplateDatabase extends Database {
  templates: TemplatesTable;
}

export class KyselyTemplateStore implements TemplateStore {
  private readonly db: Kysely<TemplateDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<TemplateDatabase>;
  }

  async seedDefaults(teamId: string, defaults: readonly (TemplateFields & { key: string })[], at: Date): Promise<void> {
    // Listing seeds, and most listings find every default there already: a read, not a write, says so.
    const known = await this.db
      .selectFrom('templates')
      .select('default_key')
      .where('team_id', '=', teamId)
      .where('default_key', 'is not', null)
      .execute();
    const seeded = new Set(known.map((row) => row.default_key));
    const missing = defaults.filter((template) => !seeded.has(template.key));
    if (missing.length === 0) return;
    const now = at.toISOString();
    // Two listings at once may both find a default missing: the unique index keeps one.
    await this.db
      .insertInto('templates')
      .values(
        missing.map((template) => ({
          id: randomUUID(),
          team_id: teamId,
          name: template.name,
          stage: template.stage,
          title: template.title,
          body: template.body,
          default_key: template.key,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })),
      )
      .onConflict((conflict) => conflict.columns(['team_id', 'default_key']).doNothing())
      .execute();
  }

  async list(teamId: string): Promise<StoredTemplate[]> {
    const rows = await this.db
      .selectFrom('templates')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toStored);
  }

  async get(teamId: string, id: string): Promise<StoredTemplate | null> {
    const row = await this.db
      .selectFrom('templates')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row === undefined ? null : toStored(row);
  }

  async add(teamId: string, fields: TemplateFields, at: Date): Promise<StoredTemplate> {
    const row: TemplatesTable = {
      id: randomUUID(),
      team_id: teamId,
      name: fields.name,
      stage: fields.stage,
      title: fields.title,
      body: fields.body,
      default_key: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      deleted_at: null,
    };
    await this.db.insertInto('templates').values(row).execute();
    return toStored(row);
  }

  async update(teamId: string, id: string, fields: TemplateFields, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('templates')
      .set({ name: fields.name, stage: fields.stage, title: fields.title, body: fields.body, updated_at: at.toISOString() })
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(teamId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('templates')
      .set({ deleted_at: at.toISOString(), updated_at: at.toISOString() })
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toStored(row: TemplatesTable): StoredTemplate {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    stage: row.stage,
    title: row.title,
    body: row.body,
    defaultKey: row.default_key,
    updatedAt: new Date(row.updated_at),
  };
}
