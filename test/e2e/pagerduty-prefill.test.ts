import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { postOnPagerDutyDirectly } from '../support/post-on-pagerduty.js';
import { choosePost, currentView, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { FORM_BLOCKS, impactBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A linked channel's form on PagerDuty follows the page: after an update posted on PagerDuty directly, it
// starts from that update's status, severity and impacted services, not from Herald's last update.
// (DevHelm and Statuspage: devhelm-channel / statuspage-channel.test.ts.)

type Block = { block_id?: string; element?: { initial_option?: { value?: string }; initial_value?: string } };
const selected = (view: { blocks: unknown[] }, id: string) =>
  (view.blocks as Block[]).find((block) => block.block_id === id)?.element?.initial_option?.value;

describe('PagerDuty: a linked form starts from the page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Runs `/status-update` and waits until the form shows `status`. */
  async function openedWithStatus(status: string) {
    const since = h.slack.calls.length;
    await h.requester.command({ text: '' });
    const opened = await h.slack.waitFor('views.open', { since });
    const viewId = (opened.response as { view: { id: string } }).view.id;
    if (selected(currentView(h, viewId), FORM_BLOCKS.status) !== status) {
      await h.slack.waitFor(
        (call) =>
          call.method === 'views.update' &&
          call.args.view_id === viewId &&
          selected(call.args.view as { blocks: unknown[] }, FORM_BLOCKS.status) === status,
        { since },
      );
    }
    return currentView(h, viewId);
  }

  it('before Herald posted anything, and after someone posted on PagerDuty directly', async () => {
    const seed = h.pagerduty.seed!;
    const [api, dashboard] = seed.serviceIds;
    await h.stores.channels.saveLink({
      channelId: FAKE_CHANNEL.id,
      provider: 'pagerduty',
      page: { id: seed.pageId, name: 'Acme Status', url: seed.pageUrl ?? null },
      post: { id: seed.incidentPostId, title: 'Elevated API errors', kind: 'incident', url: null },
      linkedBy: 'U1',
      linkedAt: new Date(),
    });
    // Nothing through Herald yet: the incident's own first update.
    const first = await openedWithStatus(seed.statuses.incident.investigating!);
    expect(selected(first, FORM_BLOCKS.post)).toBe(`incident:${seed.incidentPostId}`);

    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Through Herald.',
      [impactBlockId(api!)]: seed.impacts.incident.partialOutage!,
    });
    await h.herald.publisher.idle();
    const afterHerald = await openedWithStatus(seed.statuses.incident.identified!);
    expect(selected(afterHerald, FORM_BLOCKS.severity)).toBe(seed.severities.incident.major);
    expect(selected(afterHerald, impactBlockId(api!))).toBe(seed.impacts.incident.partialOutage);

    const majorOutage = Object.entries(seed.impacts.incident).find(([name]) => /major/i.test(name))![1];
    postOnPagerDutyDirectly(h, {
      message: '<p>Posted on PagerDuty itself</p>',
      statusId: seed.statuses.incident.monitoring!,
      impactedServices: [{ serviceId: dashboard!, impactId: majorOutage }],
    });
    const fromPage = await openedWithStatus(seed.statuses.incident.monitoring!);
    expect(selected(fromPage, FORM_BLOCKS.severity)).toBe(seed.severities.incident.minor);
    expect(selected(fromPage, impactBlockId(dashboard!))).toBe(majorOutage);
    expect(selected(fromPage, impactBlockId(api!))).not.toBe(seed.impacts.incident.partialOutage);
    expect((fromPage.blocks as Block[]).find((block) => block.block_id === FORM_BLOCKS.message)?.element?.initial_value ?? '').toBe('');
    expect(h.slack.violations).toEqual([]);
    expect(h.pagerduty.violations).toEqual([]);
  });
});
