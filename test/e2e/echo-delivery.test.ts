import { startHarness, type Harness } from '../support/herald-harness.js';
import { isSummaryMessage } from '../support/summary-messages.js';
import { choosePost, submitForm } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

const PRIVATE_CHANNEL = { id: 'G0PRIVATE1', name: 'inc-private', isPrivate: true, botIsMember: false };
const PUBLIC_NOT_MEMBER = { id: 'C0PUBLIC22', name: 'inc-public', isPrivate: false, botIsMember: false };

async function publishIn(h: Harness, channelId: string, message: string, commandFields: Record<string, string> = {}) {
  const seed = h.pagerduty.seed!;
  const since = h.slack.calls.length;
  const response = await h.requester.command({ text: '', channel_id: channelId, ...commandFields });
  expect(response.status).toBe(200);
  const opened = await h.slack.waitFor('views.open', { since });
  const viewId = (opened.response as { view: { id: string } }).view.id;
  await h.slack.waitFor(
    (call) => call.method === 'views.update' && call.args.view_id === viewId && !JSON.stringify(call.args.view).includes('Loading'),
    { since },
  );
  let view = h.slack.getView(viewId)!;
  view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
  await submitForm(h, view, {
    [FORM_BLOCKS.status]: seed.statuses.incident.monitoring!,
    [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
    [FORM_BLOCKS.message]: message,
  });
  await h.herald.publisher.idle();
}

describe('the echo reaches the incident channel, or its author hears why not', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: [PRIVATE_CHANNEL, PUBLIC_NOT_MEMBER] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('in a public channel Herald was not invited to, posts directly (chat:write.public)', async () => {
    await publishIn(h, PUBLIC_NOT_MEMBER.id, 'Public channel echo');
    expect(
      h.slack
        .messagesIn(PUBLIC_NOT_MEMBER.id)
        .filter((message) => !isSummaryMessage(message))
        .map((message) => JSON.stringify(message)),
    ).toEqual([expect.stringContaining('Public channel echo')]);
  });

  it("in a private channel Herald is not in, posts through the command's response_url", async () => {
    const responseUrl = h.slack.newResponseUrl();
    await publishIn(h, PRIVATE_CHANNEL.id, 'Private channel echo', { response_url: responseUrl });

    const posted = h.slack.responses(responseUrl);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ response_type: 'in_channel' });
    expect(JSON.stringify(posted[0])).toContain('Private channel echo');
    expect(
      h.slack
        .callsOf('chat.postMessage')
        .filter((call) => call.args.channel === PRIVATE_CHANNEL.id)
        .map((call) => (call.response as { error?: string }).error),
    ).toEqual(['not_in_channel']);
  });

  it('when neither works, tells the author privately why, and the modal says so too', async () => {
    const responseUrl = h.slack.newResponseUrl();
    h.slack.inject('response_url', { status: 500 }, 5);
    const since = h.slack.calls.length;
    await publishIn(h, PRIVATE_CHANNEL.id, 'Nobody will see this in the channel', { response_url: responseUrl });

    const notice = await h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0RESPOND1', { since });
    const text = JSON.stringify(notice.args);
    expect(text).toContain('Herald is not a member of <#G0PRIVATE1>');
    expect(text).toContain('G0PRIVATE1');
    const published = h.slack.latestView()!;
    expect(JSON.stringify(published.blocks)).not.toContain('Posted in');
    expect(h.slack.violations).toEqual([]);
  });
});
