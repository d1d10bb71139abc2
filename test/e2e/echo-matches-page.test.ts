import { jest } from '@jest/globals';
import { FAKE_CHANNEL, type RecordedCall } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isSummaryCall, isSummaryMessage } from '../support/summary-messages.js';
import { choosePost, openUpdateForm, publishIncidentUpdate, submitForm, waitForBlock } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// What the channel shows is what customers see: the echo and the live summary draw an update as its page does
// (a typed link is a link, a line typed after a list sits in its last item, as PagerDuty renders it), list the
// services a page that keeps them shows affected (Statuspage), make one message for a channel's first update,
// and show no id of Herald's own.

jest.setTimeout(60_000);

const LINK_AND_LIST = 'Details in the <https://acme.test/pm|postmortem>.\n• API\n• Dashboard\nBoth recovering.';

/** Every chat.postMessage and chat.update Herald sent into `channelId` since `since`. */
function channelCalls(h: Harness, channelId: string, since = 0): RecordedCall[] {
  return h.slack.calls
    .slice(since)
    .filter((call) => (call.method === 'chat.postMessage' || call.method === 'chat.update') && call.args.channel === channelId);
}

describe('the echo and the summary show an update as PagerDuty shows it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
  });
  afterAll(() => h.close());

  it('the first update makes one message, whose link is a link and whose list continuation is where the page puts it', async () => {
    const since = h.slack.calls.length;
    await publishIncidentUpdate(h, LINK_AND_LIST);

    // PagerDuty received the link as a link and the last line inside the last item.
    const sent = h.pagerduty.calls.filter((call) => call.method === 'POST').at(-1)!.body as { post_update: { message: string } };
    expect(sent.post_update.message).toContain('<a href="https://acme.test/pm">postmortem</a>');
    expect(sent.post_update.message).toContain('<li>Dashboard<br>Both recovering.</li></ul>');

    const posted = channelCalls(h, FAKE_CHANNEL.id, since);
    expect(posted.map((call) => call.method)).toEqual(['chat.postMessage']);
    expect(posted.filter(isSummaryCall)).toEqual([]);
    const echo = JSON.stringify(posted[0]!.args.blocks);
    expect(echo).toContain('Details in the <https://acme.test/pm|postmortem>.');
    expect(echo).not.toContain('&lt;https://acme.test/pm');
    expect(echo).toContain('• API\\n• Dashboard\\n  Both recovering.');
    expect(h.slack.violations).toEqual([]);
  });

  it('the summary, with the second update, shows the same link and list', async () => {
    await publishIncidentUpdate(h, LINK_AND_LIST);
    const summaries = h.slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage);
    expect(summaries).toHaveLength(1);
    const summary = JSON.stringify(summaries[0]!.blocks);
    expect(summary).toContain('>Details in the <https://acme.test/pm|postmortem>.');
    expect(summary).toContain('>• API\\n>• Dashboard\\n>  Both recovering.');
    expect(summary).not.toContain('&lt;https://acme.test/pm');
  });

  it('no channel message carries a submission id', async () => {
    const published = await h.stores.summaries.listChannelPublished(FAKE_CHANNEL.id, 100);
    expect(published.length).toBeGreaterThanOrEqual(2);
    const calls = channelCalls(h, FAKE_CHANNEL.id);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    // What people read: every text; a button's value is never shown, and the correct button needs the id.
    const shown = (key: string, value: unknown) => (key === 'value' ? undefined : value);
    const everything = JSON.stringify([calls.map((call) => call.args), h.slack.messagesIn(FAKE_CHANNEL.id)], shown);
    for (const { id } of published) expect(everything).not.toContain(id);
    expect(everything).not.toContain('Submission');
    // The ids are still where an operator looks: the logs.
    expect(h.logs.some((line) => line.includes(published[0]!.id))).toBe(true);
  });
});

describe('the echo and the summary show the services a Statuspage page keeps, as set', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      statuspage: true,
      pagerdutyConfigured: false,
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
      tuning: { timeoutMs: 1500, retries: 2, maxRetryWaitMs: 3000 },
    });
  });
  afterAll(() => h.close());

  /** An update to the seeded incident that changes no component: the Dashboard stays at Partial outage. */
  async function publishLeavingComponents(message: string): Promise<void> {
    const seed = h.statuspage!.seed!;
    const view = await choosePost(h, await waitForBlock(h, (await openUpdateForm(h)).id, FORM_BLOCKS.post), `incident:${seed.incidentId}`);
    const ack = await submitForm(h, view, { [FORM_BLOCKS.status]: 'identified', [FORM_BLOCKS.message]: message });
    expect(ack.response_action).toBe('update');
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes(message), {
      timeoutMs: 20_000,
    });
    await h.herald.publisher.idle();
  }

  it('an update that leaves a component at Partial outage shows it so, as the page does', async () => {
    const seed = h.statuspage!.seed!;
    const since = h.slack.calls.length;
    await publishLeavingComponents('Looking into the login failures.');

    // The page keeps the Dashboard at partial outage: nothing in the update changed it.
    const patch = h.statuspage!.calls.filter((call) => call.operationId === 'patchPagesPageIdIncidentsIncidentId').at(-1)!;
    expect((patch.body as { incident: Record<string, unknown> }).incident.components).toBeUndefined();
    expect(h.statuspage!.state.components.find((c) => c.id === seed.componentIds.dashboard)!.status).toBe('partial_outage');

    const [echo] = channelCalls(h, FAKE_CHANNEL.id, since);
    const text = JSON.stringify(echo!.args.blocks);
    expect(text).toContain('• Dashboard: Partial outage');
    expect(text).not.toContain('No services marked as impacted');
    expect(h.statuspage!.violations).toEqual([]);
  });

  it('the summary shows it too', async () => {
    await publishLeavingComponents('Found the cause: an expired certificate.');
    const summaries = h.slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage);
    expect(summaries).toHaveLength(1);
    const summary = JSON.stringify(summaries[0]!.blocks);
    expect(summary).toContain('• Dashboard: Partial outage');
    expect(summary).not.toContain('None marked as impacted');
    expect(h.slack.violations).toEqual([]);
  });
});
