import { Writable } from 'node:stream';
import { createApp, type Herald } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders } from '../../src/providers/configured-providers.js';
import { ANNOUNCE_BLOCK_ID, ANNOUNCE_FORM_CALLBACK_ID } from '../../src/slack/announcements/announcement-picker.js';
import { LINK_FORM_BLOCKS, linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import { FAKE_CHANNEL, FAKE_USER } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { openCreateForm } from '../support/create-form-driver.js';
import { openLinkModal } from '../support/link-modal-driver.js';
import { blockActionsPayload, valuesFromView, viewSubmissionPayload } from '../support/slack-payloads.js';
import { choosePost, openUpdateForm, publishIncidentUpdate, submitForm, waitForResultView } from '../support/update-form-driver.js';
import {
  FORM_BLOCKS,
  PREVIEW_ACTION,
  PREVIEW_ACTIONS_BLOCK_ID,
  impactBlockId,
} from '../../src/slack/update-form/blocks/update-form-ids.js';
import { jest } from '@jest/globals';

// Announcement channels (docs/announcements.md), over signed HTTP against the real app and the strict fakes:
// chosen with the channel picker in the link form and in `/status-update announce`, or for every incident with
// HERALD_ANNOUNCE_CHANNELS; each published update is posted once in each, across restarts and replicas; a channel
// Herald cannot post in is reported to the author.

/** The incident channel the commands are typed in (the fake's default). */
const INCIDENT = { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name };
const NEWS = { id: 'C0NEWS0001', name: 'announcements' };
const STATUS = { id: 'C0STATUS01', name: 'status-updates' };
const SECRET = { id: 'G0SECRET01', name: 'leadership', isPrivate: true, botIsMember: false };
/** Never chosen in the forms: the restart test leaves an announcement pending here. */
const OPS = { id: 'C0OPS00001', name: 'ops' };

jest.setTimeout(60_000);

/** The announcements posted in `channelId` (chat.postMessage calls Slack accepted there). */
function announcementsIn(h: Harness, channelId: string, containing: string): string[] {
  return h.slack
    .callsOf('chat.postMessage')
    .filter((call) => call.args.channel === channelId && (call.response as { ok?: boolean }).ok === true)
    .map((call) => JSON.stringify(call.args))
    .filter((text) => text.includes(containing));
}

/** Types `/status-update announce`, picks `channels` and saves; returns Slack's ack body. */
async function chooseAnnouncementChannels(h: Harness, channels: string[]): Promise<{ ack: unknown; opened: unknown }> {
  const since = h.slack.calls.length;
  const answer = await h.requester.command({ text: 'announce' });
  expect(answer.status).toBe(200);
  const opened = await h.slack.waitFor('views.open', { since });
  const view = h.slack.getView((opened.response as { view: { id: string } }).view.id)!;
  const response = await h.requester.viewSubmission(
    viewSubmissionPayload({ view, values: valuesFromView(view, { [ANNOUNCE_BLOCK_ID]: channels }) }),
  );
  expect(response.status).toBe(200);
  return { ack: response.json, opened: opened.args.view };
}

describe('announcement channels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: [INCIDENT, NEWS, STATUS, SECRET, OPS], maxUpdatesPerMinute: 0 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('the announce modal offers a channel picker; each update is then announced once in each channel picked', async () => {
    const { ack, opened } = await chooseAnnouncementChannels(h, [NEWS.id, STATUS.id]);
    expect(ack).toEqual({ response_action: 'clear' });
    const picker = (opened as { callback_id: string; blocks: { block_id?: string; element?: { type: string } }[] }).blocks.find(
      (block) => block.block_id === ANNOUNCE_BLOCK_ID,
    );
    expect((opened as { callback_id: string }).callback_id).toBe(ANNOUNCE_FORM_CALLBACK_ID);
    expect(picker?.element?.type).toBe('multi_conversations_select');
    expect(await h.stores.announcements.listChannels(FAKE_CHANNEL.id)).toEqual([NEWS.id, STATUS.id]);

    await publishIncidentUpdate(h, 'Payments <!channel> are failing & retrying');
    for (const channel of [NEWS, STATUS]) {
      const posted = announcementsIn(h, channel.id, 'Payments');
      expect(posted).toHaveLength(1);
      // Links to the status page and to the incident channel; user text escaped, so nobody is pinged.
      expect(posted[0]).toContain('View on Acme Status');
      expect(posted[0]).toContain(`<#${FAKE_CHANNEL.id}>`);
      expect(posted[0]).not.toContain('<!channel>');
      expect(posted[0]).toContain('&amp;');
    }
    expect(h.slack.violations).toEqual([]);
  });

  it('posts nothing again after a restart, and a pending announcement is posted once when Herald comes back', async () => {
    await publishIncidentUpdate(h, 'Restart check: queue drained');
    const id = await submissionOf(h, 'Restart check');
    // As a process that died after recording an announcement and before posting it would leave it: pending.
    await h.stores.announcements.plan(id, [OPS.id], new Date());
    expect(announcementsIn(h, OPS.id, 'Restart check')).toHaveLength(0);
    await h.restart();
    await h.herald.publisher.idle();
    await h.restart();
    await h.herald.publisher.idle();

    for (const channel of [NEWS, STATUS, OPS]) expect(announcementsIn(h, channel.id, 'Restart check')).toHaveLength(1);
    expect((await h.stores.announcements.listFor(id)).map((a) => [a.channelId, a.state])).toEqual([
      [NEWS.id, 'posted'],
      [STATUS.id, 'posted'],
      [OPS.id, 'posted'],
    ]);
  });

  it('tells the author privately when Herald is not in an announcement channel, and never posts it silently elsewhere', async () => {
    await chooseAnnouncementChannels(h, [NEWS.id, SECRET.id]);
    const since = h.slack.calls.length;
    await publishIncidentUpdate(h, 'Secret channel check');
    // Privately: through the command's response_url (ephemeral), or a direct message where that fails.
    const isNotice = (call: { method: string; args: Record<string, unknown> }) =>
      (call.method === 'response_url' || (call.method === 'chat.postMessage' && call.args.channel === FAKE_USER.id)) &&
      JSON.stringify(call.args).includes(`Herald is not a member of <#${SECRET.id}>`);
    const notice = await h.slack.waitFor(isNotice, { since });
    if (notice.method === 'response_url') expect(notice.args).toMatchObject({ response_type: 'ephemeral' });
    expect(announcementsIn(h, NEWS.id, 'Secret channel check')).toHaveLength(1);
    const id = await submissionOf(h, 'Secret channel check');
    const secret = (await h.stores.announcements.listFor(id)).find((a) => a.channelId === SECRET.id);
    expect(secret).toMatchObject({ state: 'failed', reason: 'not_in_channel' });
    // Failed is final: the sweep does not post it again, nor tell the author twice.
    await h.herald.publisher.resumeUnfinished({ takeOverLeases: false });
    await h.herald.publisher.idle();
    expect(h.slack.calls.filter(isNotice)).toHaveLength(1);
    expect(announcementsIn(h, SECRET.id, 'Secret channel check')).toHaveLength(0);
  });

  it('the link form offers the picker with the channels chosen so far, and saves what is picked there', async () => {
    const seed = h.pagerduty.seed!;
    const value = linkOptionValue({ provider: 'pagerduty', id: seed.pageId }, { kind: 'incident', id: seed.incidentPostId });
    const view = await openLinkModal(h, { offering: value });
    const picker = (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find(
      (b) => b.block_id === ANNOUNCE_BLOCK_ID,
    );
    expect(picker?.element).toMatchObject({ type: 'multi_conversations_select', initial_conversations: [NEWS.id, SECRET.id] });
    const response = await h.requester.viewSubmission(
      viewSubmissionPayload({ view, values: valuesFromView(view, { [LINK_FORM_BLOCKS.post]: value, [ANNOUNCE_BLOCK_ID]: [STATUS.id] }) }),
    );
    expect(response.json).toEqual({ response_action: 'clear' });
    expect(await h.stores.announcements.listChannels(FAKE_CHANNEL.id)).toEqual([STATUS.id]);
  });

  it("the form's preview lists every place the update goes", async () => {
    const seed = h.pagerduty.seed!;
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    const since = h.slack.calls.length;
    const response = await h.requester.blockActions(
      blockActionsPayload({
        view,
        values: valuesFromView(view, {
          [FORM_BLOCKS.status]: seed.statuses.incident.monitoring!,
          [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
          [FORM_BLOCKS.message]: 'Preview destinations',
        }),
        action: { action_id: PREVIEW_ACTION, block_id: PREVIEW_ACTIONS_BLOCK_ID, type: 'button', value: 'preview' },
        trigger_id: h.slack.newTriggerId({ fromViewId: view.id }),
      }),
    );
    expect(response.status).toBe(200);
    const pushed = await h.slack.waitFor('views.push', { since });
    const text = JSON.stringify(pushed.args.view);
    expect(text).toContain('Goes to:');
    expect(text).toContain('the status page *Acme Status*');
    expect(text).toContain(`the incident channel <#${FAKE_CHANNEL.id}>`);
    expect(text).toContain(`the announcement channel <#${STATUS.id}>`);
  });
});

describe('HERALD_ANNOUNCE_CHANNELS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: [INCIDENT, NEWS, STATUS], announceChannels: `${NEWS.id}, ${STATUS.id}` });
  });
  afterAll(async () => {
    await h.close();
  });

  it('announces every incident in the workspace defaults, with no channel set up, once each', async () => {
    await publishIncidentUpdate(h, 'Default channels check');
    expect(announcementsIn(h, NEWS.id, 'Default channels check')).toHaveLength(1);
    expect(announcementsIn(h, STATUS.id, 'Default channels check')).toHaveLength(1);
    // The announce modal says which channels the workspace always announces in.
    const since = h.slack.calls.length;
    await h.requester.command({ text: 'announce' });
    const opened = await h.slack.waitFor('views.open', { since });
    expect(JSON.stringify(opened.args.view)).toContain(`Every incident is also announced in <#${NEWS.id}>, <#${STATUS.id}>`);
  });

  it('announces an incident opened from Slack, and its resolution, each once, saying which it is', async () => {
    const seed = h.pagerduty.seed!;
    const view = await openCreateForm(h);
    const since = h.slack.calls.length;
    await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'Search is slow',
      [FORM_BLOCKS.status]: seed.statuses.incident.investigating!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [impactBlockId(seed.serviceIds[0]!)]: seed.impacts.incident.partialOutage!,
      [FORM_BLOCKS.message]: 'Opening check: search latency is up.',
    });
    await waitForResultView(h, view.id, since);
    await h.herald.publisher.idle();
    const opened = announcementsIn(h, NEWS.id, 'Opening check');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toContain('incident opened');
    expect(opened[0]).toContain('Search is slow');

    // The channel is now linked to the new incident: the form opens on it.
    const created = h.pagerduty.state.postsOf(seed.pageId).find((post) => post.title === 'Search is slow')!;
    let form = await openUpdateForm(h);
    form = await choosePost(h, form, `incident:${created.id}`);
    const resolving = h.slack.calls.length;
    await submitForm(h, form, {
      [FORM_BLOCKS.status]: seed.statuses.incident.resolved!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Resolution check: search is fast again.',
    });
    await waitForResultView(h, form.id, resolving);
    await h.herald.publisher.idle();
    for (const channel of [NEWS, STATUS]) {
      const resolved = announcementsIn(h, channel.id, 'Resolution check');
      expect(resolved).toHaveLength(1);
      expect(resolved[0]).toContain('resolved');
    }
    expect(h.slack.violations).toEqual([]);
  });
});

describe('an announcement Slack failed to take', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: [INCIDENT, NEWS, STATUS], announceChannels: `${NEWS.id},${STATUS.id}` });
  });
  afterAll(async () => {
    await h.close();
  });

  it('stays pending, the other channel still gets its own, and the sweep posts it once', async () => {
    // The first update in the channel makes one echo, then the announcements: the echo goes through untouched
    // (a fault that only delays), the first announcement meets Slack failing.
    h.slack.inject('chat.postMessage', { latencyMs: 1 });
    h.slack.inject('chat.postMessage', { error: 'internal_error' });
    await publishIncidentUpdate(h, 'Sweep check: retried later');
    const id = await submissionOf(h, 'Sweep check');
    expect((await h.stores.announcements.listFor(id)).map((a) => [a.channelId, a.state])).toEqual([
      [NEWS.id, 'pending'],
      [STATUS.id, 'posted'],
    ]);
    expect(announcementsIn(h, NEWS.id, 'Sweep check')).toHaveLength(0);

    // What the sweep does every 30 s.
    await h.herald.publisher.resumeUnfinished({ takeOverLeases: false });
    await h.herald.publisher.resumeUnfinished({ takeOverLeases: false });
    expect(announcementsIn(h, NEWS.id, 'Sweep check')).toHaveLength(1);
    expect(announcementsIn(h, STATUS.id, 'Sweep check')).toHaveLength(1);
    expect((await h.stores.announcements.listFor(id)).map((a) => a.state)).toEqual(['posted', 'posted']);
  });
});

describe('announcements across two replicas on PostgreSQL', () => {
  let h: Harness;
  let secondStores: Stores;
  let second: Herald;

  beforeAll(async () => {
    h = await startHarness({ engine: 'postgres', channels: [INCIDENT, NEWS, STATUS], announceChannels: NEWS.id, maxUpdatesPerMinute: 0 });
    // The second replica: its own stores (its own owner lock), catalog and app, on the same database and fakes.
    const config = loadConfig(h.env);
    secondStores = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    second = createApp({
      config,
      stores: secondStores,
      catalog: new ProviderCatalog(createConfiguredProviders(config, { timeoutMs: 3000, retries: 2 }, secondStores.requestTurns)),
      logger: createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() })),
      slackRetries: false,
      reminders: false,
    });
    await second.start();
  }, 30_000);
  afterAll(async () => {
    await second?.stop();
    await secondStores?.close();
    await h?.close();
  });

  it('posts each pending announcement once while both replicas race to post it', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      await publishIncidentUpdate(h, `Replica check ${i}`);
      ids.push(await submissionOf(h, `Replica check ${i}`));
    }
    // Pending announcements for all three in a channel none was posted to yet, as a process that died would leave them.
    for (const id of ids) await h.stores.announcements.plan(id, [STATUS.id], new Date());
    await Promise.all([
      h.herald.publisher.resumeUnfinished({ takeOverLeases: false }),
      second.publisher.resumeUnfinished({ takeOverLeases: false }),
      h.herald.publisher.resumeUnfinished({ takeOverLeases: false }),
      second.publisher.resumeUnfinished({ takeOverLeases: false }),
    ]);
    await Promise.all([h.herald.publisher.idle(), second.publisher.idle()]);
    for (let i = 1; i <= 3; i += 1) {
      expect(announcementsIn(h, NEWS.id, `Replica check ${i}`)).toHaveLength(1);
      expect(announcementsIn(h, STATUS.id, `Replica check ${i}`)).toHaveLength(1);
    }
    for (const id of ids) {
      expect((await secondStores.announcements.listFor(id)).map((a) => a.state)).toEqual(['posted', 'posted']);
    }
  });
});

/** The id of the published submission in the incident channel whose message contains `text`. */
async function submissionOf(h: Harness, text: string): Promise<string> {
  const published = await h.stores.summaries.listChannelPublished(FAKE_CHANNEL.id, 100);
  const found = published.find((update) => update.draft.message.includes(text));
  if (!found) throw new Error(`no published submission says ${text}`);
  return found.id;
}
