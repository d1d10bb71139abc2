import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

// The workspaces Herald was installed into with OAuth (migration 004). This layer stores and finds rows; it never
// sees a token in the clear: `sealedInstallation` arrives encrypted (src/slack/installations/). Opened over the
// outbox's Kysely instance by open-store.ts (Stores.installations), like channel-store.ts.

/** Who an installation belongs to: a workspace, or a whole Enterprise Grid org for an org-wide install. */
export interface InstallationOwner {
  teamId: string | null;
  enterpriseId: string | null;
  /** True for an org-wide install, which is keyed by the enterprise alone. */
  isEnterpriseInstall: boolean;
}

export interface InstallationRecord extends InstallationOwner {
  botUserId: string | null;
  /** The installation, tokens and all, as the cipher sealed it. */
  sealedInstallation: string;
  installedAt: Date;
  updatedAt: Date;
}

export interface InstallationStore {
  /** Saves the installation, replacing the owner's previous one (a reinstall keeps the first `installedAt`). */
  saveInstallation(record: Omit<InstallationRecord, 'installedAt' | 'updatedAt'>, now: Date): Promise<void>;
  getInstallation(owner: InstallationOwner): Promise<InstallationRecord | null>;
  /** False when there was none. */
  deleteInstallation(owner: InstallationOwner): Promise<boolean>;
  /** Every installation, oldest first (a handful of workspaces: read whole, e.g. to check the key at start). */
  listInstallations(): Promise<InstallationRecord[]>;
}

interface InstallationsTable {
  installation_key: string;
  team_id: string | null;
  enterprise_id: string | null;
  bot_user_id: string | null;
  sealed_installation: string;
  installed_at: string;
  updated_at: string;
}

/** The table migration 004 adds, alongside the outbox's. */
export interface InstallationDatabase extends Database {
  installations: InstallationsTable;
}

/** One row per workspace, or per org for an org-wide install (Slack's own rule for which token serves a request). */
export function installationKey(owner: InstallationOwner): string {
  if (owner.isEnterpriseInstall) {
    if (!owner.enterpriseId) throw new Error('An org-wide installation needs its enterprise id');
    return `E:${owner.enterpriseId}`;
  }
  if (!owner.teamId) throw new Error('A workspace installation needs its team id');
  return `T:${owner.teamId}`;
}

export class KyselyInstallationStore implements InstallationStore {
  private readonly db: Kysely<InstallationDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<InstallationDatabase>;
  }

  async saveInstallation(record: Omit<InstallationRecord, 'installedAt' | 'updatedAt'>, now: Date): Promise<void> {
    const at = now.toISOString();
    const values = {
      team_id: record.teamId,
      enterprise_id: record.enterpriseId,
      bot_user_id: record.botUserId,
      sealed_installation: record.sealedInstallation,
      updated_at: at,
    };
    await this.db
      .insertInto('installations')
      .values({ installation_key: installationKey(record), installed_at: at, ...values })
      .onConflict((conflict) => conflict.column('installation_key').doUpdateSet(values))
      .execute();
  }

  async getInstallation(owner: InstallationOwner): Promise<InstallationRecord | null> {
    const row = await this.db
      .selectFrom('installations')
      .selectAll()
      .where('installation_key', '=', installationKey(owner))
      .executeTakeFirst();
    return row ? recordFromRow(row) : null;
  }

  async deleteInstallation(owner: InstallationOwner): Promise<boolean> {
    const result = await this.db.deleteFrom('installations').where('installation_key', '=', installationKey(owner)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listInstallations(): Promise<InstallationRecord[]> {
    const rows = await this.db.selectFrom('installations').selectAll().orderBy('installed_at').execute();
    return rows.map(recordFromRow);
  }
}

function recordFromRow(row: InstallationsTable): InstallationRecord {
  return {
    teamId: row.team_id,
    enterpriseId: row.enterprise_id,
    isEnterpriseInstall: row.installation_key.startsWith('E:'),
    botUserId: row.bot_user_id,
    sealedInstallation: row.sealed_installation,
    installedAt: new Date(row.installed_at),
    updatedAt: new Date(row.updated_at),
  };
}
