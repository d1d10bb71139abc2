import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { createSlackRequester, type SlackRequester } from '../support/slack-client.js';
import { blockSuggestionPayload, valuesFromView, viewClosedPayload, viewSubmissionPayload } from '../support/slack-payloads.js';

// The toolkit against a real Bolt app: if Bolt accepts these requests and the fake answers Bolt's
// WebClient, the e2e tests stand on solid ground.

const SIGNING_SECRET = 'test-signing-secret';

describe('createSlackRequester against a Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let slack: SlackRequester;
  const closed: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ channels: [{ id: 'C0INCIDENT1', name: 'inc' }] });
    app = new App({
      token: fake.botToken,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/status-update', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'status_update',
          private_metadata: body.channel_id,
          title: { type: 'plain_text', text: 'Status update' },
          submit: { type: 'plain_text', text: 'Publish' },
          blocks: [
            {
              type: 'input',
              block_id: 'incident',
              label: { type: 'plain_text', text: 'Incident' },
              element: { type: 'external_select', action_id: 'incident' },
            },
            {
              type: 'input',
              block_id: 'message',
              label: { type: 'plain_text', text: 'Message' },
              element: { type: 'plain_text_input', action_id: 'message' },
            },
          ],
        },
      });
    });
    app.options<'block_suggestion'>({ action_id: 'incident' }, async ({ ack, body }) => {
      await ack({ options: [{ text: { type: 'plain_text', text: `Match for ${body.value}` }, value: 'INC1' }] });
    });
    app.view('status_update', async ({ ack, view }) => {
      const message = view.state.values.message?.message?.value ?? '';
      if (message.length < 5) await ack({ response_action: 'errors', errors: { message: 'Too short' } });
      else await ack();
    });
    app.view({ callback_id: 'status_update', type: 'view_closed' }, async ({ ack, view }) => {
      closed.push(view.id);
      await ack();
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    const { port } = server.address() as AddressInfo;
    slack = createSlackRequester({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET, issuer: fake });
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('runs a command, an options request and a submission through Bolt and the fake', async () => {
    const command = await slack.command({ text: 'hello' });
    expect(command.status).toBe(200);
    const opened = await fake.waitFor('views.open');
    expect(opened.response).toMatchObject({ ok: true });
    const view = fake.latestView();
    if (view === undefined) throw new Error('no view opened');
    expect(view.private_metadata).toBe('C0INCIDENT1');

    const options = await slack.blockSuggestion(blockSuggestionPayload({ view, block_id: 'incident', value: 'chk' }));
    expect(options.json).toEqual({ options: [{ text: { type: 'plain_text', text: 'Match for chk' }, value: 'INC1' }] });

    const incident = { value: 'INC1', text: 'Match for chk' };
    const rejected = await slack.viewSubmission(
      viewSubmissionPayload({ view, values: valuesFromView(view, { incident, message: 'hey' }) }),
    );
    expect(rejected.json).toEqual({ response_action: 'errors', errors: { message: 'Too short' } });

    const accepted = await slack.viewSubmission(
      viewSubmissionPayload({ view, values: valuesFromView(view, { incident, message: 'All good now' }) }),
    );
    expect(accepted).toMatchObject({ status: 200, body: '' });

    await slack.viewClosed(viewClosedPayload({ view }));
    expect(closed).toEqual([view.id]);
  });

  it('is refused by Bolt when the signature is wrong, stale or missing', async () => {
    const body = 'command=%2Fstatus-update&text=';
    const contentType = 'application/x-www-form-urlencoded';
    expect((await slack.raw({ body, contentType, sign: 'wrong' })).status).toBe(401);
    expect((await slack.raw({ body, contentType, sign: 'stale' })).status).toBe(401);
    expect((await slack.raw({ body, contentType, sign: 'none' })).status).toBe(401);
    expect(fake.callsOf('views.open')).toHaveLength(1);
  });

  it('refuses to post a payload under the wrong interaction', async () => {
    await expect(slack.blockActions({ type: 'view_submission' })).rejects.toThrow('expected a block_actions payload');
  });
});
