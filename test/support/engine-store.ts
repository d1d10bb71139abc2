import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import type { SubmissionStore } from '../../src/store/submission-store.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

// A fresh, empty store on either engine, for the store tests that must hold on SQLite and PostgreSQL alike.

export type Engine = 'sqlite' | 'postgres';

export interface EngineStore {
  /** Every store, opened on the fresh database. */
  stores: Stores;
  /** The outbox: `stores.submissions`. */
  store: SubmissionStore;
  /** Where the SQLite file lives (and what a second store on the same data opens). */
  dataDir: string;
  /** Set on PostgreSQL only. */
  databaseUrl: string | undefined;
  /** Another store on the same data, as a second replica would open it; close() closes it too. */
  openAnother(): Promise<Stores>;
  /** Closes the store (and those from openAnother) and removes its data: the directory and, on PostgreSQL, the database. */
  close(): Promise<void>;
}

/** `prefix` names the temporary directory, so a leftover one says which test left it. */
export async function openEngineStore(engine: Engine, prefix: string): Promise<EngineStore> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  let database: TestDatabase | undefined;
  try {
    if (engine === 'postgres') database = await createTestDatabase();
    const stores = await openStore({ dataDir, databaseUrl: database?.url });
    const others: Stores[] = [];
    return {
      stores,
      store: stores.submissions,
      dataDir,
      databaseUrl: database?.url,
      openAnother: async () => {
        const other = await openStore({ dataDir, databaseUrl: database?.url });
        others.push(other);
        return other;
      },
      close: async () => {
        for (const other of others) await other.close();
        await stores.close();
        await removeData(dataDir, database);
      },
    };
  } catch (error) {
    await removeData(dataDir, database);
    throw error;
  }
}

async function removeData(dataDir: string, database: TestDatabase | undefined): Promise<void> {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
