import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

// A fresh, empty store on either engine, for the store tests that must hold on SQLite and PostgreSQL alike.

export type Engine = 'sqlite' | 'postgres';

export interface EngineStore {
  store: Store;
  /** Where the SQLite file lives (and what a second store on the same data opens). */
  dataDir: string;
  /** Set on PostgreSQL only. */
  databaseUrl: string | undefined;
  /** Closes the store and removes its data: the directory and, on PostgreSQL, the database. */
  close(): Promise<void>;
}

/** `prefix` names the temporary directory, so a leftover one says which test left it. */
export async function openEngineStore(engine: Engine, prefix: string): Promise<EngineStore> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  let database: TestDatabase | undefined;
  try {
    if (engine === 'postgres') database = await createTestDatabase();
    const store = await openStore({ dataDir, databaseUrl: database?.url });
    return {
      store,
      dataDir,
      databaseUrl: database?.url,
      close: async () => {
        await store.close();
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
