import type { RequestTurns } from '../providers/request-turns.js';
import type { AnnouncementStore } from './announcement-store.js';
import type { ChannelStore } from './channel-store.js';
import type { CorrectionStore } from './correction-store.js';
import type { InstallationStore } from './installation-store.js';
import type { MaintenanceReminderStore } from './maintenance-reminder-store.js';
import type { OverrideStore } from './override-store.js';
import type { ReminderStore } from './reminder-store.js';
import type { SubmissionGroups } from './submission-groups.js';
import type { SubmissionStore } from './submission-store.js';
import type { SummaryStore } from './summary-store.js';
import type { TemplateStore } from './template-store.js';

// Every store Herald keeps, opened together on one database by openStore (open-store.ts). Code is handed the
// stores it works with, by name, so a signature says what a function reads and writes.

export interface Stores {
  readonly engine: 'sqlite' | 'postgres';
  /** Names this process's leases, in every store that leases rows (see owner-lock.ts). */
  readonly ownerId: string;
  /** The outbox and its audit trail. */
  readonly submissions: SubmissionStore;
  /** The submissions of each form submit that published to several pages. */
  readonly groups: SubmissionGroups;
  /** Which incidents each channel is linked to, and the submissions to them. */
  readonly channels: ChannelStore;
  /** What became of each next-update reminder. */
  readonly reminders: ReminderStore;
  /** The start and end reminders of each maintenance Herald scheduled. */
  readonly maintenanceReminders: MaintenanceReminderStore;
  /** Each channel's live summary message and who may edit it. */
  readonly summaries: SummaryStore;
  /** The corrections of published updates. */
  readonly corrections: CorrectionStore;
  /** Who published anyway over the check before publishing, and what it had found. */
  readonly overrides: OverrideStore;
  /** Each status-page token's turns to call its provider: shared by every process on PostgreSQL. */
  readonly requestTurns: RequestTurns;
  /** The workspaces installed with OAuth, their tokens sealed. */
  readonly installations: InstallationStore;
  /** Each workspace's public update templates. */
  readonly templates: TemplateStore;
  /** The announcement channels of each incident channel, and each announcement made there. */
  readonly announcements: AnnouncementStore;
  /** A trivial query: resolves when the database answers (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
