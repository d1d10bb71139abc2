import type { ProviderId } from '../../src/providers/provider.js';
import type { ReminderWorker } from '../../src/reminders/index.js';
import { linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { REMINDER_POST_UPDATE_ACTION, REMINDER_SNOOZE_ACTIONS } from '../../src/reminders/reminder-message.js';
import { FAKE_CHANNEL, type StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness, type HarnessOptions } from './herald-harness.js';
import { linkChannel } from './link-modal-driver.js';
import { clickReminderButton, isReminder } from './reminder-messages.js';
import type { Pick } from './slack-payloads.js';
import { askForTimeline } from './timeline-command.js';
import { currentView, submitForm } from './update-form-driver.js';
import { FORM_BLOCKS, impactBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { startRemindersOn } from './reminder-scenario.js';

// A linked channel's life on one provider, end to end over signed HTTP: link, the form opening on the
// incident filled from the page, publishing with "Next update in", the reminder with Snooze and Post
// update, an update posted on the status page directly (no reminder, and the form follows the page),
// and the timeline. DevHelm and Statuspage run it (devhelm-channel / statuspage-channel.test.ts); PagerDuty
// has its own in linked-channels and reminders.test.ts.

const MINUTE = 60_000;

/** The seeded incident and what the scenario needs to know about it on one provider. */
export interface LinkedIncident {
  pageId: string;
  pageName: string;
  incidentId: string;
  title: string;
  /** A component the incident affects, with its state now. */
  affected: { id: string; status: string };
  /** A component not affected now. */
  other: { id: string; status: string };
}

export interface LinkedChannelSpec {
  provider: Exclude<ProviderId, 'pagerduty'>;
  harness: Omit<HarnessOptions, 'clock'>;
  incident(h: Harness): LinkedIncident;
  /** Status ids: the incident's status as seeded, one to publish through Herald, one posted on the page. */
  statuses: { seeded: string; herald: string; direct: string };
  /** Posts on the status page itself, as someone outside Herald: a new status, and `other` set to `otherStatus`. */
  postDirectly(h: Harness, update: { status: string; body: string; otherStatus: string }): void;
  /** A component status for `other` in the direct post. */
  directOtherStatus: string;
  /** How long a form may take to fill (a rate-limited provider is slow). */
  fillTimeoutMs: number;
}

type Block = { block_id?: string; element?: { initial_option?: { value?: string }; initial_value?: string } };
const blockOf = (view: { blocks: unknown[] }, id: string) => (view.blocks as Block[]).find((block) => block.block_id === id);
const selected = (view: { blocks: unknown[] }, id: string) => blockOf(view, id)?.element?.initial_option?.value;

export function describeLinkedChannel(spec: LinkedChannelSpec): void {
  let h: Harness;
  let worker: ReminderWorker;
  let now = Date.now();
  const clock = () => new Date(now);
  let incident: LinkedIncident;

  beforeAll(async () => {
    // The incident channel exists in the fake Slack, so the echo and the reminders land in it.
    h = await startHarness({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }], ...spec.harness, clock });
    worker = startRemindersOn(h, clock, { pollMs: 60_000 });
    incident = spec.incident(h);
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
  });

  const remindersSince = (since: number) => h.slack.calls.slice(since).filter(isReminder);

  /** Waits until the view shows `check`: the form fills in after it opens, as the page's lists arrive. */
  async function viewWhere(viewId: string, since: number, check: (view: { blocks: unknown[] }) => boolean): Promise<StoredView> {
    if (check(currentView(h, viewId))) return currentView(h, viewId);
    await h.slack.waitFor(
      (call) => call.method === 'views.update' && call.args.view_id === viewId && check(call.args.view as { blocks: unknown[] }),
      { since, timeoutMs: spec.fillTimeoutMs },
    );
    return currentView(h, viewId);
  }

  /** Opens the form (command, or a reminder's button) and waits until it shows its post and `status` chosen. */
  async function openedWithStatus(trigger: () => Promise<unknown>, status: string): Promise<StoredView> {
    const since = h.slack.calls.length;
    await trigger();
    const opened = await h.slack.waitFor('views.open', { since });
    const viewId = (opened.response as { view: { id: string } }).view.id;
    // Filled in: a warm cache (the echo reads the page's components) can show the status before the post list.
    return viewWhere(
      viewId,
      since,
      (view) => selected(view, FORM_BLOCKS.status) === status && selected(view, FORM_BLOCKS.post) !== undefined,
    );
  }
  const command =
    (text = '') =>
    () =>
      h.requester.command({ text });

  async function publishThroughForm(view: StoredView, picks: Record<string, Pick>): Promise<void> {
    const ack = await submitForm(h, view, { [FORM_BLOCKS.nextUpdate]: '15', ...picks });
    expect(ack.response_action).toBe('update');
    await h.herald.publisher.idle();
  }

  it('link: the modal offers the incident, and the channel is linked to it', async () => {
    const value = linkOptionValue({ provider: spec.provider, id: incident.pageId }, { kind: 'incident', id: incident.incidentId });
    expect(await linkChannel(h, value, { timeoutMs: spec.fillTimeoutMs })).toEqual({ response_action: 'clear' });
    expect(await h.stores.channels.getLink(FAKE_CHANNEL.id)).toMatchObject({
      provider: spec.provider,
      page: { id: incident.pageId, name: incident.pageName },
      post: { id: incident.incidentId, title: incident.title, kind: 'incident' },
    });
  });

  it("the form opens on the incident with the page's status and component states, and the message empty", async () => {
    const view = await openedWithStatus(command(), spec.statuses.seeded);
    expect(selected(view, FORM_BLOCKS.post)).toBe(`incident:${incident.incidentId}`);
    expect(selected(view, impactBlockId(incident.affected.id))).toBe(incident.affected.status);
    expect(selected(view, impactBlockId(incident.other.id))).toBe(incident.other.status);
    expect(blockOf(view, FORM_BLOCKS.message)?.element?.initial_value ?? '').toBe('');
  });

  it('a reminder comes when the next update is due; Snooze brings it back; Post update opens the form on the incident', async () => {
    await publishThroughForm(await openedWithStatus(command(), spec.statuses.seeded), {
      [FORM_BLOCKS.status]: spec.statuses.herald,
      [FORM_BLOCKS.message]: 'Found the cause; fixing.',
    });
    const since = h.slack.calls.length;
    now += 14 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toEqual([]);
    now += 1 * MINUTE;
    await worker.tick();
    const [reminder] = remindersSince(since);
    expect(reminder).toBeDefined();
    expect(reminder!.args.channel).toBe(FAKE_CHANNEL.id);
    expect(String(reminder!.args.text)).toContain(incident.title);
    expect(String(reminder!.args.text)).toContain('15 minutes ago');

    const snoozedAt = h.slack.calls.length;
    await clickReminderButton(h, reminder!, REMINDER_SNOOZE_ACTIONS[15]);
    expect(String((await h.slack.waitFor('chat.update', { since: snoozedAt })).args.text)).toContain(
      'snoozed this reminder for 15 minutes',
    );
    now += 14 * MINUTE;
    await worker.tick();
    expect(remindersSince(snoozedAt)).toEqual([]);
    now += 1 * MINUTE;
    await worker.tick();
    expect(remindersSince(snoozedAt)).toHaveLength(1);

    const view = await openedWithStatus(
      () => clickReminderButton(h, reminder!, REMINDER_POST_UPDATE_ACTION, { trigger_id: h.slack.newTriggerId() }),
      spec.statuses.herald,
    );
    expect(selected(view, FORM_BLOCKS.post)).toBe(`incident:${incident.incidentId}`);
    expect(h.slack.violations).toEqual([]);
  });

  it('an update posted on the status page directly: no reminder, and the form then starts from the page', async () => {
    await publishThroughForm(await openedWithStatus(command(), spec.statuses.herald), {
      [FORM_BLOCKS.status]: spec.statuses.herald,
      [FORM_BLOCKS.message]: 'Still fixing.',
    });
    const since = h.slack.calls.length;
    spec.postDirectly(h, { status: spec.statuses.direct, body: 'Posted on the status page itself', otherStatus: spec.directOtherStatus });
    now += 20 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toEqual([]);

    const view = await openedWithStatus(command(), spec.statuses.direct);
    expect(selected(view, impactBlockId(incident.other.id))).toBe(spec.directOtherStatus);
    expect(selected(view, impactBlockId(incident.affected.id))).toBe(incident.affected.status);
    expect(blockOf(view, FORM_BLOCKS.message)?.element?.initial_value ?? '').toBe('');
  });

  it('timeline lists the page updates newest first, the direct one included, only to the person who asked', async () => {
    const reply = await askForTimeline(h, { timeoutMs: spec.fillTimeoutMs });
    expect(reply.response_type).toBe('ephemeral');
    const lines = String(reply.text).split('\n');
    expect(lines[0]).toContain(incident.title);
    const direct = lines.findIndex((line) => line.includes('Posted on the status page itself'));
    const still = lines.findIndex((line) => line.includes('Still fixing.'));
    const found = lines.findIndex((line) => line.includes('Found the cause; fixing.'));
    expect(direct).toBe(1);
    expect(direct).toBeLessThan(still);
    expect(still).toBeLessThan(found);
    expect(lines[direct]!.toLowerCase()).toContain(spec.statuses.direct.toLowerCase());
    expect(h.slack.violations).toEqual([]);
  });
}
