import type { Stores } from '../../src/store/stores.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import { START_REMINDER_LEAD_MS } from '../../src/store/maintenance-reminder-store.js';
import type { UpdateDraft } from '../../src/updates/draft.js';

// Opening a maintenance records the post it opened, links the channel, and writes its start and end reminders
// in one transaction; the reminders are claimed once across two processes on one database, and an extension
// moves the end reminder. The same on embedded SQLite and on PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function maintenanceDraft(startAutomatically: boolean): UpdateDraft {
  return draft({
    post: { id: '', title: 'Database upgrade', kind: 'maintenance', url: null },
    status: { id: 'scheduled', label: 'Scheduled' },
    nextUpdateMinutes: null,
    reportedAt: null,
    opening: {
      title: 'Database upgrade',
      window: {
        startsAt: at(60).toISOString(),
        endsAt: at(120).toISOString(),
        startAutomatically,
        completeAutomatically: false,
        componentsToMaintenance: true,
      },
    },
  });
}

describe.each(['sqlite', 'postgres'] as const)('opening a maintenance on %s', (engine) => {
  let opened: EngineStore;
  let store: Stores;
  let second: Stores;

  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-maintenance-');
    store = opened.stores;
    second = await opened.openAnother();
  });
  afterAll(async () => {
    await opened.close();
  });

  async function openMaintenance(startAutomatically: boolean, channelId: string): Promise<string> {
    const { submission } = await store.submissions.saveSubmission(
      newSubmission({ channelId, draft: maintenanceDraft(startAutomatically) }),
    );
    await store.submissions.markOpened(
      submission.id,
      { post: { id: `M-${channelId}`, title: 'Database upgrade', url: 'https://status.test/m' }, entryId: 'E1', awaitingPublish: false },
      T0,
    );
    return submission.id;
  }

  it('records the opened post, links the channel, and reminds before the start and at the end, once across processes', async () => {
    const id = await openMaintenance(false, 'C-MAINT');
    const submission = await store.submissions.getSubmission(id);
    expect(submission?.draft.post).toEqual({
      id: 'M-C-MAINT',
      title: 'Database upgrade',
      kind: 'maintenance',
      url: 'https://status.test/m',
    });
    expect(submission?.state).toBe('published');
    expect((await store.channels.listLinks('C-MAINT')).map((link) => link.post.id)).toEqual(['M-C-MAINT']);

    expect(await store.maintenanceReminders.listDue(at(49), at(0), 10)).toEqual([]);
    const startDue = new Date(at(60).getTime() - START_REMINDER_LEAD_MS);
    const due = await store.maintenanceReminders.listDue(at(50), at(0), 10);
    expect(due.map((reminder) => [reminder.submission.id, reminder.moment, reminder.dueAt])).toEqual([[id, 'start', startDue]]);

    const claims = await Promise.all([
      store.maintenanceReminders.claim(id, 'start', at(50), 60_000),
      second.maintenanceReminders.claim(id, 'start', at(50), 60_000),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const owner = claims[0] ? store : second;
    await owner.maintenanceReminders.finish(id, 'start', 'sent', at(50));
    expect(await store.maintenanceReminders.listDue(at(119), at(0), 10)).toEqual([]);
    expect((await store.maintenanceReminders.listDue(at(120), at(0), 10)).map((r) => r.moment)).toEqual(['end']);
  });

  it('starts nothing before a window the page starts by itself, and moves the end reminder when the window is extended', async () => {
    const id = await openMaintenance(true, 'C-AUTO');
    const mine = async (minutes: number) =>
      (await store.maintenanceReminders.listDue(at(minutes), at(0), 50)).filter((r) => r.submission.id === id).map((r) => r.moment);
    expect(await mine(100)).toEqual([]);
    await store.submissions.markWindowExtended(id, at(180));
    await store.maintenanceReminders.rescheduleEnd(id, at(180), at(100));
    expect(await mine(150)).toEqual([]);
    expect(await mine(180)).toEqual(['end']);
    expect((await store.submissions.getSubmission(id))?.draft.opening?.window?.endsAt).toBe(at(180).toISOString());
  });

  it('keeps a draft opened on a page in review mode as such until it is published', async () => {
    const { submission } = await store.submissions.saveSubmission(newSubmission({ channelId: 'C-DRAFT', draft: maintenanceDraft(true) }));
    await store.submissions.markOpened(
      submission.id,
      { post: { id: 'M-D', title: 'Database upgrade', url: null }, entryId: 'E2', awaitingPublish: true },
      T0,
    );
    expect((await store.submissions.getSubmission(submission.id))?.draft.opening?.awaitingPublish).toBe(true);
    await store.submissions.markDraftPublished(submission.id);
    expect((await store.submissions.getSubmission(submission.id))?.draft.opening?.awaitingPublish).toBe(false);
  });
});
