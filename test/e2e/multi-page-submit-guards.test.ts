import { linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { LINKED_PAGES_BLOCKS } from '../../src/slack/update-form/blocks/update-form-links.js';
import { pageSubmitKey } from '../../src/submitting/submission-key.js';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { linkChannel } from '../support/link-modal-driver.js';
import { findElement, type Pick } from '../support/slack-payloads.js';
import { postOnPagerDutyDirectly } from '../support/post-on-pagerduty.js';
import { choosePage, choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A channel linked to an incident on a PagerDuty page and one on a DevHelm page, over signed HTTP against the
// real app: what a submit from the DevHelm form must check before it also publishes to PagerDuty. The
// services PagerDuty shows are kept (an update there lists every impact); a page whose link changed while the
// author typed is refused, not sent to the other incident; the other page's incident has its own rate limit.

const MINUTE = 60_000;

describe('publishing to another linked page: the checks before anything is sent', () => {
  let h: Harness;
  /** Real time, moved a minute on after each test so each starts with a fresh rate allowance. */
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    h = await startHarness({ devhelm: true, clock, tuning: { timeoutMs: 5000, retries: 0 }, maxUpdatesPerMinute: 2 });
    await link(
      linkOptionValue({ provider: 'pagerduty', id: h.pagerduty.seed!.pageId }, { kind: 'incident', id: h.pagerduty.seed!.incidentPostId }),
    );
    await link(
      linkOptionValue({ provider: 'devhelm', id: h.devhelm!.seed!.pageId }, { kind: 'incident', id: h.devhelm!.seed!.incidentId }),
    );
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    h.pagerduty.clearFaults();
    await h.herald.publisher.idle();
    offsetMs += MINUTE + 1000;
  });

  async function link(value: string): Promise<void> {
    expect(await linkChannel(h, value)).toEqual({ response_action: 'clear' });
  }

  const pdUpdates = () => h.pagerduty.state.updatesOf(h.pagerduty.seed!.incidentPostId);
  const dhUpdates = () => h.devhelm!.state.incidents.get(h.devhelm!.seed!.incidentId)!.updates;
  const ticked = (view: StoredView) =>
    ((findElement(view, LINKED_PAGES_BLOCKS.alsoPublish).initial_options ?? []) as { value: string }[]).map((o) => o.value);

  async function devhelmForm(): Promise<StoredView> {
    const dh = h.devhelm!.seed!;
    const form = await choosePage(h, await openUpdateForm(h), `devhelm:${dh.pageId}`);
    return choosePost(h, form, `incident:${dh.incidentId}`);
  }

  async function pagerdutyAlone(message: string): Promise<void> {
    const pd = h.pagerduty.seed!;
    const form = await choosePost(
      h,
      await choosePage(h, await openUpdateForm(h), `pagerduty:${pd.pageId}`),
      `incident:${pd.incidentPostId}`,
    );
    const picks: Record<string, Pick> = {
      [FORM_BLOCKS.status]: pd.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: pd.severities.incident.major!,
      [FORM_BLOCKS.message]: message,
      [LINKED_PAGES_BLOCKS.alsoPublish]: [],
    };
    // The incident may be further on already (an earlier test's update): the status stepping back is published anyway.
    expect((await submitPublishingAnyway(h, form, picks)).response_action).toBe('update');
    await h.herald.publisher.idle();
  }

  it('repeats the services PagerDuty shows now, even when set on PagerDuty itself, not Herald’s last ones', async () => {
    const pd = h.pagerduty.seed!;
    await pagerdutyAlone('Herald’s own update, no service impacted.');
    const majorOutage = Object.entries(pd.impacts.incident).find(([name]) => /major/i.test(name))![1];
    // Then someone marks the API as down in PagerDuty's own UI.
    postOnPagerDutyDirectly(h, {
      message: '<p>API down</p>',
      statusId: pd.statuses.incident.identified!,
      impactedServices: [{ serviceId: pd.serviceIds[0]!, impactId: majorOutage }],
    });

    const form = await devhelmForm();
    expect(ticked(form)).toEqual([linkOptionValue({ provider: 'pagerduty', id: pd.pageId }, { kind: 'incident', id: pd.incidentPostId })]);
    const [pdBefore, dhBefore] = [pdUpdates().length, dhUpdates().length];
    const ack = await submitForm(h, form, { [FORM_BLOCKS.status]: 'MONITORING', [FORM_BLOCKS.message]: 'Dashboard recovering.' });
    expect(ack.response_action).toBe('update');
    await h.herald.publisher.idle();
    expect([pdUpdates().length, dhUpdates().length]).toEqual([pdBefore + 1, dhBefore + 1]);
    // The API stays down on the public page; the severity is the page's own (the DevHelm form has none).
    expect(pdUpdates().at(-1)).toMatchObject({
      statusId: pd.statuses.incident.monitoring,
      severityId: pd.severities.incident.minor,
      impactedServices: [{ serviceId: pd.serviceIds[0], impactId: majorOutage }],
    });
    expect(h.pagerduty.violations).toEqual([]);
  });

  it('refuses PagerDuty, keeping the text, when its current services cannot be read', async () => {
    const form = await devhelmForm();
    const [pdBefore, dhBefore] = [pdUpdates().length, dhUpdates().length];
    h.pagerduty.inject({ route: 'listPostUpdates', fault: { status: 500 }, times: 3 });
    const ack = await submitForm(h, form, { [FORM_BLOCKS.status]: 'MONITORING', [FORM_BLOCKS.message]: 'Dashboard still recovering.' });
    expect(ack.response_action).toBe('errors');
    expect((ack.errors as Record<string, string>)[LINKED_PAGES_BLOCKS.alsoPublish]).toBe(
      "Nothing was published yet. Herald couldn't load the statuses and current services of Elevated API errors on Acme Status in time: submit again in a moment, or untick it.",
    );
    await h.herald.publisher.idle();
    expect([pdUpdates().length, dhUpdates().length]).toEqual([pdBefore, dhBefore]);
    expect(await h.stores.submissions.findSubmissionByKey(`${form.id}:${form.hash}`)).toBeNull();
  });

  it('refuses a ticked page relinked to another incident while the author typed, and publishes nothing there', async () => {
    const pd = h.pagerduty.seed!;
    const form = await devhelmForm();
    // Meanwhile someone links the channel to another incident on the PagerDuty page.
    const other = h.pagerduty.state.addPost(pd.pageId, { title: 'Search is slow', postType: 'incident' });
    h.catalog.forgetPage('pagerduty', pd.pageId);
    await link(linkOptionValue({ provider: 'pagerduty', id: pd.pageId }, { kind: 'incident', id: other.id }));

    const [pdBefore, dhBefore] = [pdUpdates().length, dhUpdates().length];
    const picks = { [FORM_BLOCKS.status]: 'MONITORING', [FORM_BLOCKS.message]: 'Meant for the API incident.' };
    const ack = await submitForm(h, form, picks);
    expect(ack.response_action).toBe('errors');
    expect((ack.errors as Record<string, string>)[LINKED_PAGES_BLOCKS.alsoPublish]).toBe(
      'Nothing was published yet. This channel’s link on Acme Status changed while you typed: it is now “Search is slow”, not “Elevated API errors” on Acme Status. Untick it to publish without it, or copy your text and run /status-update again.',
    );
    await h.herald.publisher.idle();
    expect(h.pagerduty.state.updatesOf(other.id).some((update) => update.message.includes('Meant for'))).toBe(false);
    expect([pdUpdates().length, dhUpdates().length]).toEqual([pdBefore, dhBefore]);

    // Unticked, the same form publishes to DevHelm alone.
    expect((await submitForm(h, form, { ...picks, [LINKED_PAGES_BLOCKS.alsoPublish]: [] })).response_action).toBe('update');
    await h.herald.publisher.idle();
    expect(dhUpdates().length).toBe(dhBefore + 1);
    expect(h.pagerduty.state.updatesOf(other.id).some((update) => update.message.includes('Meant for'))).toBe(false);
    await link(linkOptionValue({ provider: 'pagerduty', id: pd.pageId }, { kind: 'incident', id: pd.incidentPostId }));
  });

  it('refuses the whole submit when the other page’s incident is over the rate limit, naming it', async () => {
    const pd = h.pagerduty.seed!;
    await pagerdutyAlone('First of two.');
    await pagerdutyAlone('Second of two.');
    const form = await devhelmForm();
    const [pdBefore, dhBefore] = [pdUpdates().length, dhUpdates().length];
    const ack = await submitForm(h, form, { [FORM_BLOCKS.status]: 'MONITORING', [FORM_BLOCKS.message]: 'A third for PagerDuty.' });
    expect(ack.response_action).toBe('errors');
    expect((ack.errors as Record<string, string>)[LINKED_PAGES_BLOCKS.alsoPublish]).toMatch(
      /^You can publish at most 2 updates a minute to “Elevated API errors” on Acme Status\. Nothing was published and your text is kept: try again in \d+ seconds?\. To publish to the other pages now, untick it\.$/,
    );
    await h.herald.publisher.idle();
    expect([pdUpdates().length, dhUpdates().length]).toEqual([pdBefore, dhBefore]);
    const key = `${form.id}:${form.hash}`;
    expect(await h.stores.submissions.findSubmissionByKey(key)).toBeNull();
    expect(await h.stores.submissions.findSubmissionByKey(pageSubmitKey(key, { provider: 'pagerduty', pageId: pd.pageId }))).toBeNull();
  });
});
