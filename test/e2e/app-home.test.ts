import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  HOME_OPEN_CHANNEL_ACTION,
  HOME_POST_UPDATE_ACTION,
  HOME_RESOLVE_ACTION,
  HOME_NEW_POST_ACTION,
} from '../../src/slack/home/home-ids.js';
import { linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { FAKE_CHANNEL, FAKE_WORKSPACE, type StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { linkChannel } from '../support/link-modal-driver.js';
import { publishIncidentUpdate } from '../support/update-form-driver.js';
import { appHomeOpenedEvent, blockActionsPayload } from '../support/slack-payloads.js';

// The Home tab over signed HTTP: app_home_opened -> views.publish, against the fake Slack (which refuses a home
// view Slack would refuse: over 100 blocks or 250 kB, no user id) and the three fake status pages.

const MINUTE = 60_000;
let userCount = 0;

/** A user of the fake workspace nobody has published a Home tab for yet (each may be published once per 10 s). */
function newUser(h: Harness): string {
  userCount += 1;
  const id = `U0HOME${String(userCount).padStart(4, '0')}`;
  h.slack.addUser({ id, name: `responder-${userCount}` });
  return id;
}

async function openHome(h: Harness, userId: string): Promise<StoredView> {
  const since = h.slack.calls.length;
  const answer = await h.requester.raw({ contentType: 'application/json', body: JSON.stringify(appHomeOpenedEvent({ userId })) });
  expect(answer.status).toBe(200);
  const call = await h.slack.waitFor((c) => c.method === 'views.publish' && c.args.user_id === userId, { since, timeoutMs: 5_000 });
  expect(call.response).toMatchObject({ ok: true });
  return h.slack.homeViewOf(userId)!;
}

const textOf = (view: StoredView) => JSON.stringify(view.blocks);
/** The bold titles of the items, in the order shown. */
const titlesIn = (view: StoredView, titles: string[]) =>
  titles
    .map((title) => ({ title, at: textOf(view).indexOf(title) }))
    .filter((entry) => entry.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((e) => e.title);
/** The buttons of the listed incidents (the top's "New incident or maintenance…" apart). */
const actionBlocks = (view: StoredView) =>
  view.blocks.filter((block) => block.type === 'actions' && !JSON.stringify(block).includes(HOME_NEW_POST_ACTION));
const offersNewPost = (view: StoredView) => JSON.stringify(view.blocks).includes(HOME_NEW_POST_ACTION);
function buttonOf(view: StoredView, actionId: string, index = 0): Record<string, unknown> {
  const buttons = actionBlocks(view).flatMap((block) => block.elements as Record<string, unknown>[]);
  const found = buttons.filter((button) => button.action_id === actionId)[index];
  if (!found) throw new Error(`no ${actionId} button`);
  return found;
}

/** A click on one of the Home tab's buttons, as Slack sends it (the view with its private_metadata). */
async function clickHomeButton(h: Harness, view: StoredView, userId: string, actionId: string, index = 0) {
  const button = buttonOf(view, actionId, index);
  const block = actionBlocks(view).find((candidate) => (candidate.elements as unknown[]).includes(button))!;
  return h.requester.blockActions(
    blockActionsPayload({
      user: { id: userId, username: 'responder', name: 'responder', team_id: FAKE_WORKSPACE.teamId },
      view,
      action: { action_id: actionId, block_id: String(block.block_id), type: 'button', value: String(button.value) },
      trigger_id: h.slack.newTriggerId(),
    }),
  );
}

describe('Home tab: nothing open, then one incident', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pagerduty: { seed: false } });
    h.pagerduty.state.addPage({ name: 'Quiet Status' });
  });
  afterAll(async () => h.close());

  it('says nothing is open, and which providers are on', async () => {
    const view = await openHome(h, newUser(h));
    expect(view.type).toBe('home');
    expect(textOf(view)).toContain('No open incident or maintenance on the configured status pages.');
    expect(textOf(view)).toContain('Status pages: PagerDuty · anyone may publish');
    expect(actionBlocks(view)).toEqual([]);
    expect(offersNewPost(view)).toBe(true);
    expect(h.slack.violations).toEqual([]);
  });

  it('shows one open incident with its page, status and buttons once the page has one', async () => {
    const page = [...h.pagerduty.state.pages.values()][0]!;
    const post = h.pagerduty.state.addPost(page.id, { title: 'Checkout <b>errors</b>', status: 'identified' });
    // Posted on the page itself 20 minutes ago, saying the next update comes in 15: overdue, whatever HERALD_OVERDUE_MINUTES says.
    const update = h.pagerduty.state.updatesOf(post.id)[0]!;
    update.reportedAt = new Date(Date.now() - 20 * MINUTE).toISOString();
    update.updateFrequencyMs = 15 * MINUTE;
    await h.restart(); // a new process: the catalog's cache starts cold
    const view = await openHome(h, newUser(h));
    expect(textOf(view)).toContain('Open incidents and maintenance: 1');
    expect(textOf(view)).toContain('Checkout &lt;b&gt;errors&lt;/b&gt;');
    expect(textOf(view)).toContain('Incident on Quiet Status (PagerDuty)');
    expect(textOf(view)).toContain('no linked channel');
    expect(textOf(view)).toMatch(/Last public update <!date\^\d+\^[^>]*> on the page · next was due <!date[^>]*> \(5 min ago\)/);
    expect(textOf(view)).toContain('*OVERDUE*');
    expect(actionBlocks(view)).toHaveLength(1);
    expect(buttonOf(view, HOME_POST_UPDATE_ACTION).text).toMatchObject({ text: 'Post update' });
    expect(buttonOf(view, HOME_RESOLVE_ACTION).text).toMatchObject({ text: 'Resolve' });
    expect(h.slack.violations).toEqual([]);
  });

  it("opens the form from the app's Messages tab for an incident no channel is linked to", async () => {
    const userId = newUser(h);
    const view = await openHome(h, userId);
    const since = h.slack.calls.length;
    expect((await clickHomeButton(h, view, userId, HOME_POST_UPDATE_ACTION)).status).toBe(200);
    const opened = await h.slack.waitFor('views.open', { since });
    const metadata = JSON.parse(String((opened.args.view as { private_metadata?: string }).private_metadata));
    expect(metadata).toMatchObject({ channelId: 'D0HERALDDM1', post: { title: 'Checkout <b>errors</b>' } });
  });
});

describe('Home tab: three providers, overdue first, 30 open', () => {
  let h: Harness;
  let nowMs = Date.now();
  beforeAll(async () => {
    h = await startHarness({ devhelm: true, statuspage: true, clock: () => new Date(nowMs), overdueMinutes: 60 });
    // Last public updates posted on the pages themselves, at known times before "now".
    const sp = h.statuspage!.state;
    const spPage = h.statuspage!.seed!.pageId;
    const longOverdue = sp.addIncident(spPage, { name: 'Overdue by 30 min' });
    longOverdue.updates[0]!.createdAt = new Date(nowMs - 90 * MINUTE).toISOString();
    const overdue = sp.addIncident(spPage, { name: 'Overdue by 10 min' });
    overdue.updates[0]!.createdAt = new Date(nowMs - 70 * MINUTE).toISOString();
    const dueSoon = sp.addIncident(spPage, { name: 'Due in 50 min' });
    dueSoon.updates[0]!.createdAt = new Date(nowMs - 10 * MINUTE).toISOString();
    // Up to 30 open across the three providers.
    const dh = h.devhelm!.state;
    const pd = h.pagerduty.state;
    for (let i = 1; i <= 8; i += 1) dh.addIncident(h.devhelm!.seed!.pageId, { title: `DevHelm outage ${i}` });
    for (let i = 1; i <= 8; i += 1) pd.addPost(h.pagerduty.seed!.pageId, { title: `PagerDuty outage ${i}` });
    for (let i = 1; i <= 7; i += 1) sp.addIncident(spPage, { name: `Statuspage outage ${i}` });
    // PagerDuty's posts were last updated on the page 5 minutes ago: due in 55.
    for (const post of pd.postsOf(h.pagerduty.seed!.pageId)) {
      for (const update of pd.updatesOf(post.id)) update.reportedAt = new Date(nowMs - 5 * MINUTE).toISOString();
    }
    // The PagerDuty incident's channel.
    const seed = h.pagerduty.seed!;
    expect(
      await linkChannel(h, linkOptionValue({ provider: 'pagerduty', id: seed.pageId }, { kind: 'incident', id: seed.incidentPostId })),
    ).toEqual({ response_action: 'clear' });
  });
  afterAll(async () => h.close());

  it('lists every open incident across the three providers within the block limit, overdue first', async () => {
    const started = Date.now();
    const view = await openHome(h, newUser(h));
    expect(Date.now() - started).toBeLessThan(3_000);
    const text = textOf(view);
    const open = Number(/Open incidents and maintenance: (\d+)/.exec(text)?.[1]);
    expect(open).toBe(30);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(text).not.toContain('And ');
    for (const provider of ['PagerDuty', 'DevHelm', 'Statuspage']) expect(text).toContain(`(${provider})`);
    expect(text).toContain('(2 overdue)');
    expect(titlesIn(view, ['Due in 50 min', 'Overdue by 10 min', 'Overdue by 30 min', 'PagerDuty outage 1'])).toEqual([
      'Overdue by 30 min',
      'Overdue by 10 min',
      'Due in 50 min',
      'PagerDuty outage 1',
    ]);
    // Overdue ones are marked; the first item is the longest overdue.
    const firstItem = view.blocks.find((block) => block.type === 'section' && JSON.stringify(block).includes('*OVERDUE*'));
    expect(JSON.stringify(firstItem)).toContain('Overdue by 30 min');
    expect(text.match(/\*OVERDUE\*/g)).toHaveLength(2);
    // Upcoming maintenance, with its start.
    expect(text).toContain('Upcoming maintenance');
    expect(text).toContain('Database upgrade');
    // The linked channel is named, with a button that opens it.
    expect(text).toContain(`<#${FAKE_CHANNEL.id}>`);
    expect(String(buttonOf(view, HOME_OPEN_CHANNEL_ACTION).url)).toContain(`channel=${FAKE_CHANNEL.id}`);
    expect(h.slack.violations).toEqual([]);
  });

  it('marks more as overdue as the clock moves on', async () => {
    // Tabs built within 2 s of each other share one overview (publish-home.ts): let it go stale first.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    nowMs += 52 * MINUTE;
    const view = await openHome(h, newUser(h));
    expect(textOf(view)).toContain('(3 overdue)');
    expect(titlesIn(view, ['Due in 50 min', 'Overdue by 10 min', 'Overdue by 30 min'])).toEqual([
      'Overdue by 30 min',
      'Overdue by 10 min',
      'Due in 50 min',
    ]);
    nowMs -= 52 * MINUTE;
  });

  it('"Post update" and "Resolve" open the update form on the incident, in its linked channel', async () => {
    const userId = newUser(h);
    const view = await openHome(h, userId);
    const seed = h.pagerduty.seed!;
    const linkedIndex = actionBlocks(view).findIndex((block) => JSON.stringify(block).includes(seed.incidentPostId));
    for (const actionId of [HOME_POST_UPDATE_ACTION, HOME_RESOLVE_ACTION]) {
      const button = (actionBlocks(view)[linkedIndex]!.elements as Record<string, unknown>[]).find((b) => b.action_id === actionId)!;
      const since = h.slack.calls.length;
      const answer = await h.requester.blockActions(
        blockActionsPayload({
          user: { id: userId, username: 'responder', name: 'responder', team_id: FAKE_WORKSPACE.teamId },
          view,
          action: {
            action_id: actionId,
            block_id: String(actionBlocks(view)[linkedIndex]!.block_id),
            type: 'button',
            value: String(button.value),
          },
          trigger_id: h.slack.newTriggerId(),
        }),
      );
      expect(answer.status).toBe(200);
      const opened = await h.slack.waitFor('views.open', { since });
      const metadata = JSON.parse(String((opened.args.view as { private_metadata?: string }).private_metadata));
      expect(metadata).toMatchObject({ channelId: FAKE_CHANNEL.id, post: { id: seed.incidentPostId } });
    }
    // "Open the channel" is a link; Herald acknowledges it.
    const link = buttonOf(view, HOME_OPEN_CHANNEL_ACTION);
    const answer = await h.requester.blockActions(
      blockActionsPayload({
        user: { id: userId, username: 'responder', name: 'responder', team_id: FAKE_WORKSPACE.teamId },
        view,
        action: { action_id: HOME_OPEN_CHANNEL_ACTION, block_id: 'b', type: 'button', url: String(link.url) },
        trigger_id: h.slack.newTriggerId(),
      }),
    );
    expect(answer.status).toBe(200);
  });
});

describe('Home tab: a provider down while the tab is built', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ statuspage: true });
  });
  afterAll(async () => h.close());

  it('names the page that did not answer in time, shows the rest, and publishes within the budget', async () => {
    await openHome(h, newUser(h)); // the page lists are cached
    await h.restart(); // a cold cache of open incidents in a new process
    await openHome(h, newUser(h));
    await h.restart();
    for (const route of ['listUnresolved', 'listIncidents'])
      h.statuspage!.inject({ route, times: 20, fault: { type: 'latency', ms: 5_000 } });
    const started = Date.now();
    const view = await openHome(h, newUser(h));
    expect(Date.now() - started).toBeLessThan(2_500);
    const text = textOf(view);
    expect(text).toContain('Not shown, as Herald could not read them just now');
    expect(text).toContain('Statuspage, page Acme Status: did not answer in time');
    expect(text).toContain('Elevated API errors');
    h.statuspage!.clearFaults();
  });

  it('names a provider whose pages cannot be listed', async () => {
    await h.restart();
    h.statuspage!.inject({ route: 'listPages', times: 20, fault: { status: 401 } });
    const view = await openHome(h, newUser(h));
    expect(textOf(view)).toContain('• Statuspage: could not be read');
    expect(textOf(view)).toContain('Elevated API errors');
    h.statuspage!.clearFaults();
  });
});

describe('Home tab: HERALD_PUBLISHERS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ publishers: '@incident-commanders' });
  });
  afterAll(async () => h.close());

  it('shows the list without buttons to those who may not publish, and with them to those who may', async () => {
    const member = newUser(h);
    const other = newUser(h);
    h.slack.addUsergroup({ id: 'S0COMMANDERS', handle: 'incident-commanders', name: 'Incident commanders', users: [member] });
    const theirs = await openHome(h, other);
    expect(textOf(theirs)).toContain('Elevated API errors');
    expect(actionBlocks(theirs)).toEqual([]);
    expect(offersNewPost(theirs)).toBe(false);
    expect(textOf(theirs)).toContain('publishing is restricted to HERALD_PUBLISHERS (you are not among them, so no buttons)');
    const mine = await openHome(h, member);
    expect(actionBlocks(mine).length).toBeGreaterThan(0);

    // A click from someone who may not publish (a button kept from an older tab) is refused, privately.
    h.slack.addChannel({ id: 'D0HERALDDM1', name: 'herald-messages', isPrivate: true });
    const since = h.slack.calls.length;
    expect((await clickHomeButton(h, mine, other, HOME_POST_UPDATE_ACTION)).status).toBe(200);
    const told = await h.slack.waitFor('chat.postMessage', { since });
    expect(told.args).toMatchObject({ channel: 'D0HERALDDM1' });
    expect(String(told.args.text)).toContain('Only members of @incident-commanders can publish');
    expect(h.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(false);
  });
});

describe('Home tab: refreshed after each update Herald publishes', () => {
  let h: Harness;
  const REFRESH_MS = 1_500;
  beforeAll(async () => {
    h = await startHarness({ homeRefreshMs: REFRESH_MS, maxUpdatesPerMinute: 0 });
  });
  afterAll(async () => h.close());

  it('publishes the tab again for those who opened it, at most once per person per interval', async () => {
    const viewer = newUser(h);
    const first = await openHome(h, viewer);
    expect(textOf(first)).toContain('on the page');
    expect(textOf(first)).not.toContain('through Herald');
    const since = h.slack.calls.length;
    await publishIncidentUpdate(h, 'We found the cause.');
    await publishIncidentUpdate(h, 'A fix is rolling out.');
    const refreshed = await h.slack.waitFor((call) => call.method === 'views.publish' && call.args.user_id === viewer, {
      since,
      timeoutMs: 10_000,
    });
    expect(JSON.stringify(refreshed.args.view)).toContain('through Herald');
    // Two updates within the interval: one refresh, then nothing more once it has shown both.
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 500));
    const publishes = h.slack.callsOf('views.publish').filter((call) => call.args.user_id === viewer);
    const times = publishes.map((call) => call.at);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(REFRESH_MS - 50);
    expect(publishes.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(h.slack.homeViewOf(viewer)!.blocks)).toContain('(PagerDuty) · identified');
  });

  it('leaves alone those who never opened it', async () => {
    const since = h.slack.calls.length;
    const bystander = newUser(h);
    await publishIncidentUpdate(h, 'Still monitoring.');
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 500));
    expect(h.slack.calls.slice(since).filter((call) => call.method === 'views.publish' && call.args.user_id === bystander)).toEqual([]);
  });
});
