import { webApi } from '@slack/bolt';
import { commandBodies, commandBody } from '../../bench/support/command-bodies.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';

// The load scenarios' commands, laid out once and filled in per request, are the commands commandBody builds,
// each with a trigger_id and response_url of its own that the fake Slack honours.

const fields = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe("the benchmark's command bodies", () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('decode to the fields of a command built whole, with the same trigger_id and response_url', () => {
    const sent = fields(commandBodies(slack)());
    expect(sent).toEqual(fields(commandBody(slack, sent.trigger_id, sent.response_url)));
  });

  it('give each command a trigger_id and response_url of its own, ones the fake Slack issued', async () => {
    const next = commandBodies(slack);
    const [first, second] = [fields(next()), fields(next())];
    expect(second.trigger_id).not.toBe(first.trigger_id);
    expect(second.response_url).not.toBe(first.response_url);
    expect(first.response_url!.startsWith(`${slack.url}/response/`)).toBe(true);
    const client = new webApi.WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Form' }, blocks: [] };
    await expect(client.views.open({ trigger_id: first.trigger_id!, view })).resolves.toMatchObject({ ok: true });
  });
});
