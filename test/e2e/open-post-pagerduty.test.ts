import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { chooseKind, openCreateForm } from '../support/create-form-driver.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isSummaryCall } from '../support/summary-messages.js';
import { choosePost, openUpdateForm, submitForm, waitForResultView } from '../support/update-form-driver.js';
import { FORM_BLOCKS, impactBlockId, severityBlockId, statusBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Opening a PagerDuty incident and scheduling a maintenance from Slack, over signed HTTP against the fake
// PagerDuty, which checks every request against the official contract: one post created with its first
// update, the channel linked to it, the echo posted.

describe('opening posts on PagerDuty', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
  });
  afterEach(async () => {
    await h.close();
  });

  it('/status-update new opens an incident with its first update, links the channel and echoes it', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.postsOf(seed.pageId).length;
    const view = await openCreateForm(h);
    expect((view.title as { text: string }).text).toBe('New incident');

    const since = h.slack.calls.length;
    const ack = await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'Elevated checkout errors',
      [FORM_BLOCKS.status]: seed.statuses.incident.investigating!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [impactBlockId(seed.serviceIds[0]!)]: seed.impacts.incident.partialOutage!,
      [FORM_BLOCKS.message]: 'We are investigating elevated error rates at checkout.',
    });
    expect(ack.response_action).toBe('update');
    await waitForResultView(h, view.id, since);
    await h.herald.publisher.idle();

    const posts = h.pagerduty.state.postsOf(seed.pageId);
    expect(posts).toHaveLength(before + 1);
    const created = posts.find((post) => post.title === 'Elevated checkout errors')!;
    expect(created.postType).toBe('incident');
    expect(created.endsAt).toBeNull();
    const updates = h.pagerduty.state.updatesOf(created.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.message).toContain('We are investigating elevated error rates at checkout.');
    expect(h.pagerduty.violations).toEqual([]);

    const links = await h.stores.channels.listLinks(FAKE_CHANNEL.id);
    expect(links.map((link) => link.post.id)).toContain(created.id);
    const echo = h.slack
      .callsOf('chat.postMessage')
      .filter((call) => !isSummaryCall(call) && call.args.channel === FAKE_CHANNEL.id)
      .map((call) => JSON.stringify(call.args));
    expect(echo.some((text) => text.includes('Elevated checkout errors'))).toBe(true);
    expect(h.slack.violations).toEqual([]);
  });

  it('resolving the incident it opened, the echo says how long it was public', async () => {
    const seed = h.pagerduty.seed!;
    const view = await openCreateForm(h);
    let since = h.slack.calls.length;
    await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'Search is slow',
      [FORM_BLOCKS.status]: seed.statuses.incident.investigating!,
      [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
      [FORM_BLOCKS.message]: 'Search is slow for some users.',
    });
    await waitForResultView(h, view.id, since);
    await h.herald.publisher.idle();
    const created = h.pagerduty.state.postsOf(seed.pageId).find((post) => post.title === 'Search is slow')!;

    const update = await choosePost(h, await openUpdateForm(h), `incident:${created.id}`);
    since = h.slack.calls.length;
    await submitForm(h, update, {
      [FORM_BLOCKS.status]: seed.statuses.incident.resolved!,
      [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
      [FORM_BLOCKS.message]: 'Search is fast again.',
    });
    await waitForResultView(h, update.id, since);
    await h.herald.publisher.idle();
    const echo = h.slack
      .callsOf('chat.postMessage')
      .filter((call) => !isSummaryCall(call) && JSON.stringify(call.args).includes('Search is fast again'))
      .at(-1)!;
    expect(JSON.stringify(echo.args)).toMatch(/The incident was public for \d+ seconds?/);
  });

  it("/status-update new maintenance schedules a window with the page's maintenance statuses", async () => {
    const seed = h.pagerduty.seed!;
    let view = await openCreateForm(h, 'new maintenance');
    expect((view.title as { text: string }).text).toBe('New maintenance');
    // The kind can be switched back and forth in the form.
    view = await chooseKind(h, view, 'incident');
    view = await chooseKind(h, view, 'maintenance');
    const startsAt = new Date(Date.now() + 2 * 3600_000);
    const endsAt = new Date(startsAt.getTime() + 3600_000);
    const since = h.slack.calls.length;
    const ack = await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'Database upgrade window',
      [statusBlockId('maintenance')]: seed.statuses.maintenance.scheduled!,
      [severityBlockId('maintenance')]: seed.severities.maintenance.minor!,
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: endsAt,
      [FORM_BLOCKS.message]: 'We will upgrade the database; the dashboard may be slow.',
    });
    expect(ack.response_action).toBe('update');
    await waitForResultView(h, view.id, since);
    await h.herald.publisher.idle();

    const created = h.pagerduty.state.postsOf(seed.pageId).find((post) => post.title === 'Database upgrade window')!;
    expect(created.postType).toBe('maintenance');
    expect(created.startsAt).toBe(new Date(Math.floor(startsAt.getTime() / 1000) * 1000).toISOString());
    expect(created.endsAt).toBe(new Date(Math.floor(endsAt.getTime() / 1000) * 1000).toISOString());
    expect(h.pagerduty.violations).toEqual([]);
  });

  it('refuses a title too long for PagerDuty, an end before the start and a start in the past, on their fields, creating nothing', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.postsOf(seed.pageId).length;
    const view = await openCreateForm(h, 'new maintenance');
    const startsAt = new Date(Date.now() - 3600_000);
    const ack = await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'x'.repeat(129),
      [statusBlockId('maintenance')]: seed.statuses.maintenance.scheduled!,
      [severityBlockId('maintenance')]: seed.severities.maintenance.minor!,
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: new Date(startsAt.getTime() - 60_000),
      [FORM_BLOCKS.message]: 'Kept as typed.',
    }).catch((error: Error) => ({ error: error.message }));
    // Slack itself stops a title past the input's max_length; Herald's own check stands behind it.
    if ('error' in ack) expect(ack.error).toContain('max_length');
    else {
      expect(ack.response_action).toBe('errors');
      const errors = ack.errors as Record<string, string>;
      expect(Object.keys(errors)).toEqual(expect.arrayContaining([FORM_BLOCKS.windowStart]));
    }
    const withShortTitle = await submitForm(h, view, {
      [FORM_BLOCKS.title]: 'Database upgrade',
      [statusBlockId('maintenance')]: seed.statuses.maintenance.scheduled!,
      [severityBlockId('maintenance')]: seed.severities.maintenance.minor!,
      [FORM_BLOCKS.windowStart]: startsAt,
      [FORM_BLOCKS.windowEnd]: new Date(startsAt.getTime() - 60_000),
      [FORM_BLOCKS.message]: 'Kept as typed.',
    });
    expect(withShortTitle.response_action).toBe('errors');
    const errors = withShortTitle.errors as Record<string, string>;
    expect(errors[FORM_BLOCKS.windowStart]).toMatch(/past/i);
    expect(errors[FORM_BLOCKS.windowEnd]).toMatch(/after/i);
    expect(h.pagerduty.state.postsOf(seed.pageId)).toHaveLength(before);
  });
});
