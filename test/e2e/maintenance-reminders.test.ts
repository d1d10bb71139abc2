import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import type { ReminderWorker } from '../../src/reminders/index.js';
import { MAINTENANCE_EXTEND_ACTION, MAINTENANCE_REMINDER_ACTIONS_BLOCK_ID } from '../../src/reminders/maintenance-reminder-message.js';
import { EXTEND_WINDOW_BLOCK_ID } from '../../src/slack/maintenance/extend-window-modal.js';
import { FAKE_CHANNEL, type RecordedCall } from '../fakes/fake-slack.js';
import { openCreateForm } from '../support/create-form-driver.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { startRemindersOn } from '../support/reminder-scenario.js';
import { blockActionsPayload, valuesFromView, viewSubmissionPayload } from '../support/slack-payloads.js';
import { submitForm, waitForResultView } from '../support/update-form-driver.js';
import { FORM_BLOCKS, severityBlockId, statusBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A maintenance scheduled from Slack reminds its channel shortly before its window starts and when it is due to
// end, each once however many processes tick, with a clock the test moves; "Extend window…" moves the end on the
// page and the end reminder with it.

const MINUTE = 60_000;
const isMaintenanceReminder = (call: RecordedCall): boolean =>
  call.method === 'chat.postMessage' && JSON.stringify(call.args.blocks ?? []).includes(MAINTENANCE_REMINDER_ACTIONS_BLOCK_ID);

describe.each(['sqlite', 'postgres'] as const)('maintenance reminders on %s', (engine) => {
  let h: Harness;
  let now = Date.now();
  const clock = () => new Date(now);
  let worker: ReminderWorker;
  let second: Stores | undefined;
  let secondWorker: ReminderWorker | undefined;

  beforeAll(async () => {
    h = await startHarness({ engine, clock, channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
    worker = startRemindersOn(h, clock, { pollMs: 3_600_000 });
    if (engine === 'postgres') {
      // A second replica's reminder worker on the same database.
      second = await openStore({ databaseUrl: h.env.DATABASE_URL, dataDir: h.env.DATA_DIR! });
      secondWorker = startRemindersOn({ ...h, stores: second }, clock, { pollMs: 3_600_000 });
    }
  });
  afterAll(async () => {
    await secondWorker?.stop();
    await second?.close();
    await worker.stop();
    await h.close();
  });

  const remindersSince = (since: number) => h.slack.calls.slice(since).filter(isMaintenanceReminder);
  const tickAll = async () => {
    await Promise.all([worker.tick(), secondWorker?.tick()]);
  };

  it('reminds before the start and at the end, once each; an extension moves the end on the page and the reminder', async () => {
    const seed = h.pagerduty.seed!;
    const startsAt = new Date(now + 2 * 60 * MINUTE);
    const endsAt = new Date(startsAt.getTime() + 60 * MINUTE);
    const view = await openCreateForm(h, 'new maintenance');
    const opened = h.slack.calls.length;
    await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'Storage migration',
      [statusBlockId('maintenance')]: seed.statuses.maintenance.scheduled!,
      [severityBlockId('maintenance')]: seed.severities.maintenance.minor!,
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: endsAt,
      [FORM_BLOCKS.message]: 'Storage moves to new disks.',
    });
    await waitForResultView(h, view.id, opened);
    await h.herald.publisher.idle();
    const post = h.pagerduty.state.postsOf(seed.pageId).find((p) => p.title === 'Storage migration')!;
    const since = h.slack.calls.length;

    now = startsAt.getTime() - 11 * MINUTE;
    await tickAll();
    expect(remindersSince(since)).toEqual([]);
    now = startsAt.getTime() - 10 * MINUTE;
    await tickAll();
    await tickAll();
    const starting = remindersSince(since);
    expect(starting).toHaveLength(1);
    expect(String(starting[0]!.args.text)).toContain('Storage migration');
    expect(String(starting[0]!.args.text)).toContain('starts');

    // "Extend window…": the modal, a new end an hour later, the page's post moved, the channel told.
    const reminder = starting[0]!;
    const ts = String((reminder.response as { ts: string }).ts);
    const button = (reminder.args.blocks as { block_id?: string; elements?: { action_id: string; value: string }[] }[])
      .find((block) => block.block_id === MAINTENANCE_REMINDER_ACTIONS_BLOCK_ID)!
      .elements!.find((element) => element.action_id === MAINTENANCE_EXTEND_ACTION)!;
    const clicked = h.slack.calls.length;
    await h.requester.blockActions(
      blockActionsPayload({
        trigger_id: h.slack.newTriggerId(),
        message: { ts, text: reminder.args.text } as never,
        action: {
          type: 'button',
          block_id: MAINTENANCE_REMINDER_ACTIONS_BLOCK_ID,
          action_id: MAINTENANCE_EXTEND_ACTION,
          value: button.value,
        },
      }),
    );
    const modalOpened = await h.slack.waitFor('views.open', { since: clicked });
    if (!(modalOpened.response as { ok?: boolean }).ok) throw new Error(JSON.stringify(modalOpened.response));
    const modal = h.slack.getView((modalOpened.response as { view: { id: string } }).view.id)!;
    const newEnd = new Date(endsAt.getTime() + 60 * MINUTE);
    const submitted = h.slack.calls.length;
    const response = await h.requester.viewSubmission(
      viewSubmissionPayload({ view: modal, values: valuesFromView(modal, { [EXTEND_WINDOW_BLOCK_ID]: newEnd }) }),
    );
    expect(response.status).toBe(200);
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && String(call.args.text).includes('extended'), {
      since: submitted,
    });
    expect(post.endsAt).toBe(new Date(Math.floor(newEnd.getTime() / 1000) * 1000).toISOString());

    // The old end passes without a reminder; the new one brings it, once.
    now = endsAt.getTime() + MINUTE;
    await tickAll();
    expect(remindersSince(since)).toHaveLength(1);
    now = newEnd.getTime() + MINUTE;
    await tickAll();
    await tickAll();
    const all = remindersSince(since);
    expect(all).toHaveLength(2);
    expect(String(all[1]!.args.text)).toContain('due to end');
    expect(h.pagerduty.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });
});
