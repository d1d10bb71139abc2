import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Database, Engine } from '../schema.js';
import * as createSubmissionsAndAttempts from './001-create-submissions-and-attempts.js';
import * as leaseOwnerAndNotified from './002-lease-owner-and-notified.js';
import * as channelLinksAndReminders from './003-channel-links-and-reminders.js';
import * as installations from './004-installations.js';
import * as channelSummaries from './005-channel-summaries.js';
import * as multiPageLinks from './006-multi-page-links.js';
import * as submissionRateIndex from './007-submission-rate-index.js';
import * as reminderClaims from './008-reminder-claims.js';
import * as groupNotices from './009-group-notices.js';
import * as corrections from './010-corrections.js';
import * as liveIndexes from './011-live-indexes-and-due-reminders.js';
import * as requestTurns from './012-request-turns.js';
import * as auditBodiesIndex from './013-audit-bodies-index.js';
import * as templates from './014-templates.js';
import * as maintenanceReminders from './017-maintenance-reminders.js';
import * as activeLinksIndex from './018-active-links-index.js';
import * as publicTextOverrides from './015-public-text-overrides.js';
import * as announcements from './019-announcements.js';

// Listed in code rather than read from a folder, so the same list runs from src/ under jest and
// from dist/ in production. Names sort in the order they apply; never rename or remove one.
export function migrationsFor(engine: Engine): Record<string, Migration> {
  return {
    '001-create-submissions-and-attempts': {
      up: (db) => createSubmissionsAndAttempts.up(db, engine),
      down: (db) => createSubmissionsAndAttempts.down(db),
    },
    '002-lease-owner-and-notified': leaseOwnerAndNotified,
    '003-channel-links-and-reminders': channelLinksAndReminders,
    '004-installations': installations,
    '005-channel-summaries': channelSummaries,
    '006-multi-page-links': multiPageLinks,
    '007-submission-rate-index': submissionRateIndex,
    '008-reminder-claims': { up: (db) => reminderClaims.up(db, engine), down: (db) => reminderClaims.down(db) },
    '009-group-notices': groupNotices,
    '010-corrections': { up: (db) => corrections.up(db, engine), down: (db) => corrections.down(db) },
    '011-live-indexes-and-due-reminders': { up: (db) => liveIndexes.up(db, engine), down: (db) => liveIndexes.down(db) },
    '012-request-turns': requestTurns,
    '013-audit-bodies-index': { up: (db) => auditBodiesIndex.up(db, engine), down: (db) => auditBodiesIndex.down(db) },
    '014-templates': templates,
    '015-public-text-overrides': { up: (db) => publicTextOverrides.up(db, engine), down: (db) => publicTextOverrides.down(db) },
    '017-maintenance-reminders': maintenanceReminders,
    '018-active-links-index': activeLinksIndex,
    '019-announcements': announcements,
  };
}

/** Every migration's name, in the order they apply. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrationsFor('sqlite'));

/**
 * Brings the schema up to date. Safe when several processes start at once on PostgreSQL: Kysely's
 * Migrator holds a session advisory lock (`pg_advisory_lock`) while it reads and applies pending
 * migrations in one transaction, and tolerates racing creation of its own bookkeeping tables
 * (test/unit/open-store.test.ts starts two at once on a fresh database). SQLite is one process's
 * file.
 */
export async function migrateToLatest(db: Kysely<Database>, engine: Engine): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(engine)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const which = failed === undefined ? '' : ` (migration ${failed})`;
    throw new Error(`Migrating the ${engine} database failed${which}`, { cause: error });
  }
}
