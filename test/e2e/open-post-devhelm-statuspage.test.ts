import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { chooseKind, openCreateForm } from '../support/create-form-driver.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { blockActionsPayload } from '../support/slack-payloads.js';
import { isSummaryCall } from '../support/summary-messages.js';
import { submitForm, waitForResultView } from '../support/update-form-driver.js';
import { PUBLISH_DRAFT_ACTION } from '../../src/slack/outcome/echo-message.js';
import { FORM_BLOCKS, WINDOW_OPTION_VALUES, severityBlockId, statusBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Opening posts on DevHelm and Statuspage from Slack, over signed HTTP against fakes that check every request
// against the contracts: an incident, a maintenance (DevHelm's maintenance resource, and its scheduled-incident
// fallback on older servers; Statuspage's scheduled maintenance with its automatic transitions), and a DevHelm
// page in review mode, whose draft is published from the echo.

const channels = [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }];

function echoesIn(h: Harness): { args: Record<string, unknown>; response: unknown }[] {
  return h.slack.callsOf('chat.postMessage').filter((call) => !isSummaryCall(call) && call.args.channel === FAKE_CHANNEL.id);
}

async function submitAndWait(h: Harness, view: Parameters<typeof submitForm>[1], picks: Parameters<typeof submitForm>[2]): Promise<void> {
  const since = h.slack.calls.length;
  const ack = await submitForm(h, view, picks);
  expect(ack.response_action).toBe('update');
  await waitForResultView(h, view.id, since);
  await h.herald.publisher.idle();
}

describe('opening posts on DevHelm', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('opens an incident with its impact, and schedules a maintenance on the maintenance resource', async () => {
    h = await startHarness({ devhelm: true, pagerdutyConfigured: false, channels });
    const dh = h.devhelm!;
    const pageId = dh.seed!.pageId;
    await submitAndWait(h, await openCreateForm(h), {
      [FORM_BLOCKS.title]: 'Login failures',
      [FORM_BLOCKS.status]: 'INVESTIGATING',
      [FORM_BLOCKS.severity]: 'MAJOR',
      [FORM_BLOCKS.message]: 'Some users cannot log in. We are investigating.',
    });
    const incident = dh.postsOf(pageId).find((post) => post.title === 'Login failures')!;
    expect(incident).toMatchObject({ impact: 'MAJOR', status: 'INVESTIGATING', scheduled: false });
    expect(JSON.stringify(echoesIn(h).at(-1)!.args)).toContain('Opened on');

    const startsAt = new Date(Date.now() + 24 * 3600_000);
    const maintenanceForm = await chooseKind(h, await openCreateForm(h), 'maintenance');
    await submitAndWait(h, maintenanceForm, {
      [FORM_BLOCKS.title]: 'Certificate rotation',
      [statusBlockId('maintenance')]: 'INVESTIGATING',
      [severityBlockId('maintenance')]: 'NONE',
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: new Date(startsAt.getTime() + 1800_000),
      [FORM_BLOCKS.message]: 'We will rotate certificates; no downtime is expected.',
    });
    const window = dh.postsOf(pageId).find((post) => post.title === 'Certificate rotation')!;
    expect(window.scheduledFor).toBe(new Date(Math.floor(startsAt.getTime() / 1000) * 1000).toISOString());
    expect(dh.calls.some((call) => call.method === 'POST' && call.path.endsWith('/maintenance'))).toBe(true);
    expect(dh.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });

  it('on an older server, schedules the maintenance as a scheduled incident', async () => {
    h = await startHarness({ devhelm: { maintenanceResource: false }, pagerdutyConfigured: false, channels });
    const dh = h.devhelm!;
    const startsAt = new Date(Date.now() + 3600_000);
    await submitAndWait(h, await openCreateForm(h, 'new maintenance'), {
      [FORM_BLOCKS.title]: 'Queue migration',
      [statusBlockId('maintenance')]: 'INVESTIGATING',
      [severityBlockId('maintenance')]: 'NONE',
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: new Date(startsAt.getTime() + 3600_000),
      [FORM_BLOCKS.message]: 'Queues move to new hosts.',
    });
    const post = dh.postsOf(dh.seed!.pageId).find((p) => p.title === 'Queue migration')!;
    expect(post).toMatchObject({ scheduled: true });
    expect(dh.violations).toEqual([]);
  });

  it('a page in review mode keeps the incident a draft until Publish on the echo, pressed twice harmlessly', async () => {
    h = await startHarness({ devhelm: { reviewMode: true }, pagerdutyConfigured: false, channels });
    const dh = h.devhelm!;
    await submitAndWait(h, await openCreateForm(h), {
      [FORM_BLOCKS.title]: 'Slow exports',
      [FORM_BLOCKS.status]: 'INVESTIGATING',
      [FORM_BLOCKS.severity]: 'MINOR',
      [FORM_BLOCKS.message]: 'Exports are slow.',
    });
    const created = () => dh.postsOf(dh.seed!.pageId).find((post) => post.title === 'Slow exports')!;
    expect(created().publishedAt).toBeNull();
    const echo = echoesIn(h).at(-1)!;
    expect(JSON.stringify(echo.args)).toContain('review mode');
    const ts = (echo.response as { ts: string }).ts;
    const submission = (await h.stores.channels.latestPublished('devhelm', dh.seed!.pageId, created().id))!;

    const press = async () => {
      const since = h.slack.calls.length;
      const response = await h.requester.blockActions(
        blockActionsPayload({
          container: { type: 'message', message_ts: ts, channel_id: FAKE_CHANNEL.id },
          channel: { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name },
          message: { ts, text: 'echo' },
          action: { type: 'button', action_id: PUBLISH_DRAFT_ACTION, value: submission.id, block_id: 'publish_draft' },
        } as never),
      );
      expect(response.status).toBe(200);
      return since;
    };
    const since = await press();
    await h.slack.waitFor((call) => call.method === 'chat.update' && call.args.ts === ts, { since });
    expect(created().publishedAt).not.toBeNull();
    await press();
    const publishes = dh.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/publish'));
    expect(publishes).toHaveLength(1);
    expect(dh.violations).toEqual([]);
  });
});

describe('opening posts on Statuspage', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ statuspage: true, pagerdutyConfigured: false, channels });
  });
  afterEach(async () => {
    await h.close();
  });

  it("opens an incident with Herald's reference in its metadata, and schedules a maintenance that starts and ends by itself", async () => {
    const sp = h.statuspage!;
    const pageId = sp.seed!.pageId;
    await submitAndWait(h, await openCreateForm(h), {
      [FORM_BLOCKS.title]: 'Payment failures',
      [FORM_BLOCKS.status]: 'investigating',
      [FORM_BLOCKS.severity]: 'major',
      [FORM_BLOCKS.message]: 'Card payments fail for some customers.',
    });
    const incident = sp.incidentsOf(pageId).find((i) => i.name === 'Payment failures')!;
    expect(incident.status).toBe('investigating');
    const submission = (await h.stores.channels.latestPublished('statuspage', pageId, incident.id))!;
    expect(incident.metadata).toEqual({ herald: { submission: submission.id } });

    const startsAt = new Date(Date.now() + 2 * 3600_000);
    await submitAndWait(h, await openCreateForm(h, 'new maintenance'), {
      [FORM_BLOCKS.title]: 'Network upgrade',
      [statusBlockId('maintenance')]: 'scheduled',
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: new Date(startsAt.getTime() + 3600_000),
      [FORM_BLOCKS.windowOptions]: [WINDOW_OPTION_VALUES.automatic, WINDOW_OPTION_VALUES.componentsToMaintenance],
      [FORM_BLOCKS.message]: 'We will upgrade the network.',
    });
    const maintenance = sp.incidentsOf(pageId).find((i) => i.name === 'Network upgrade')!;
    expect(maintenance.status).toBe('scheduled');
    const create = sp.calls.filter((call) => call.method === 'POST').at(-1)!.body as { incident: Record<string, unknown> };
    expect(create.incident).toMatchObject({
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
      auto_transition_to_maintenance_state: true,
    });
    expect(sp.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });
});
