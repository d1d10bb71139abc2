import { openStore } from '../../src/store/open-store.js';
import type { ReminderStore } from '../../src/store/reminder-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import type { Stores } from '../../src/store/stores.js';

// Reminder claims, under a lease, between two processes on one database: the same on embedded SQLite and on
// PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(['sqlite', 'postgres'] as const)('reminder store on %s', (engine) => {
  let store: Stores;
  let second: Stores;
  let reminders: ReminderStore;
  let opened: EngineStore;

  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-reminders-');
    store = opened.stores;
    // A second process on the same database, as a second replica would be.
    second = await opened.openAnother();
    reminders = store.reminders;
  });
  afterAll(async () => {
    await opened.close();
  });

  async function published(minutes: number, post: string): Promise<string> {
    const { submission } = await store.submissions.saveSubmission(
      newSubmission({ draft: draft({ post: { id: post, title: 'X', kind: 'incident', url: null } }) }),
    );
    await store.submissions.markPublished(submission.id, `E-${submission.id}`, at(minutes));
    return submission.id;
  }

  const lease = (minutes: number, dueAt?: Date) => ({ leaseMs: minutes * 60_000, ...(dueAt ? { dueAt } : {}) });

  it('claims a reminder once under a lease, even when two stores race for it, and again only once snoozed and due', async () => {
    const id = await published(0, 'P-B');
    const claims = await Promise.all([
      reminders.claimReminder(id, at(30), lease(1, at(30))),
      second.reminders.claimReminder(id, at(30), lease(1, at(30))),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const [owner, other] = claims[0] ? [reminders, second.reminders] : [second.reminders, reminders];
    expect(await reminders.getReminder(id)).toEqual({ submissionId: id, state: 'claimed', dueAt: at(30) });
    expect(await owner.claimReminder(id, at(30.5), lease(1))).toBe(false); // its own live claim is not taken again
    expect(await other.markReminderSent(id, at(30.5))).toBe(false); // only the owner finishes it
    expect(await owner.renewReminderClaim(id, 60_000, at(30.5))).toBe(true);
    expect(await owner.markReminderSent(id, at(30.6))).toBe(true);
    expect((await reminders.getReminder(id))?.state).toBe('sent');
    // Sent is final: its lease is gone with it, however much later.
    expect(await reminders.claimReminder(id, at(300), lease(1))).toBe(false);

    expect(await reminders.snoozeReminder(id, at(46), at(31))).toBe(true);
    expect(await reminders.getReminder(id)).toEqual({ submissionId: id, state: 'snoozed', dueAt: at(46) });
    expect(await reminders.claimReminder(id, at(45), lease(1))).toBe(false);
    const woken = await Promise.all([reminders.claimReminder(id, at(46), lease(1)), second.reminders.claimReminder(id, at(46), lease(1))]);
    expect(woken.filter(Boolean)).toHaveLength(1);
    const wokenBy = woken[0] ? reminders : second.reminders;
    expect(await reminders.getReminder(id)).toEqual({ submissionId: id, state: 'claimed', dueAt: at(46) });

    expect(await wokenBy.markReminderSkipped(id, at(47))).toBe(true);
    expect(await wokenBy.markReminderSkipped(id, at(47))).toBe(false);
    expect(await reminders.snoozeReminder(id, at(60), at(47))).toBe(false);
    expect(await reminders.snoozeReminder('no-such-submission', at(60), at(47))).toBe(false);
  });

  it('gives a claim its worker never finished to another once the lease runs out, to one of two racing', async () => {
    const id = await published(0, 'P-LAPSED');
    const secondReminders = second.reminders;
    expect(await secondReminders.claimReminder(id, at(15), lease(1, at(15)))).toBe(true);
    // Its worker stops here, as a process that died between claiming and posting would.
    expect(await reminders.claimReminder(id, at(15.9), lease(1))).toBe(false);
    const retaken = await Promise.all([reminders.claimReminder(id, at(16), lease(1)), reminders.claimReminder(id, at(16), lease(1))]);
    expect(retaken.filter(Boolean)).toHaveLength(1);
    // Due when it first came due, not when it was taken over (the lag metric counts from there).
    expect(await reminders.getReminder(id)).toEqual({ submissionId: id, state: 'claimed', dueAt: at(15) });
    // The first worker, had it only stalled, finds out before posting and cannot mark it afterwards.
    expect(await secondReminders.renewReminderClaim(id, 60_000, at(16.1))).toBe(false);
    expect(await secondReminders.markReminderSent(id, at(16.1))).toBe(false);
    expect(await reminders.markReminderSent(id, at(16.2))).toBe(true);
    expect((await reminders.getReminder(id))?.state).toBe('sent');
  });

  it(
    engine === 'postgres'
      ? 'takes over at once a claim whose process is gone'
      : "keeps a closed process's claim until its lease runs out (SQLite has one process)",
    async () => {
      const id = await published(0, 'P-GONE');
      const dead = await openStore({ dataDir: opened.dataDir, databaseUrl: opened.databaseUrl });
      expect(await dead.reminders.claimReminder(id, at(15), lease(10))).toBe(true);
      await dead.close(); // on PostgreSQL its owner lock goes with it, as with a SIGKILLed process
      // A live process's claim is not taken, however it is asked (the second store is alive).
      const live = await published(0, 'P-LIVE');
      expect(await second.reminders.claimReminder(live, at(15), lease(10))).toBe(true);
      expect(await reminders.claimReminder(live, at(16), lease(10))).toBe(false);

      expect(await reminders.claimReminder(id, at(16), lease(10))).toBe(engine === 'postgres');
      expect(await reminders.claimReminder(id, at(25), lease(10))).toBe(engine === 'sqlite');
      expect(await reminders.markReminderSent(id, at(25))).toBe(true);
    },
  );

  it('snoozes a claimed reminder (posted, its worker gone before marking it sent), which its worker then may not post', async () => {
    const id = await published(0, 'P-SNOOZE');
    const secondReminders = second.reminders;
    expect(await secondReminders.claimReminder(id, at(15), lease(1))).toBe(true);
    expect(await reminders.snoozeReminder(id, at(30), at(15.5))).toBe(true);
    expect(await reminders.getReminder(id)).toEqual({ submissionId: id, state: 'snoozed', dueAt: at(30) });
    expect(await secondReminders.renewReminderClaim(id, 60_000, at(15.6))).toBe(false);
    expect(await secondReminders.markReminderSent(id, at(15.6))).toBe(false);
    expect(await reminders.claimReminder(id, at(29), lease(1))).toBe(false);
    expect(await reminders.claimReminder(id, at(30), lease(1))).toBe(true);
  });
});
