import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { webApi } from '@slack/bolt';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { slackError } from '../support/slack-errors.js';

const quietLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

/** The real Slack WebClient, as the app builds it in tests: pointed at the fake, no retries. */
function clientFor(fake: FakeSlack, token = fake.botToken): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quietLogger,
  });
}

function modal(overrides: Record<string, unknown> = {}) {
  return {
    type: 'modal' as const,
    callback_id: 'status_update',
    title: { type: 'plain_text' as const, text: 'Post a status update' },
    submit: { type: 'plain_text' as const, text: 'Publish' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'message',
        label: { type: 'plain_text', text: 'Message' },
        element: { type: 'plain_text_input', action_id: 'message', multiline: true },
      },
    ],
    ...overrides,
  };
}

function sections(count: number) {
  return Array.from({ length: count }, (_, i) => ({ type: 'section', block_id: `s${i}`, text: { type: 'mrkdwn', text: `line ${i}` } }));
}

describe('fake Slack Web API', () => {
  let clock = 1_700_000_000_000;
  let fake: FakeSlack;
  let slack: webApi.WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({
      now: () => clock,
      channels: [
        { id: 'C0PUBLIC01', name: 'inc-public', botIsMember: true },
        { id: 'C0OUTSIDE1', name: 'inc-not-joined', botIsMember: false },
        { id: 'G0PRIVATE1', name: 'inc-private', isPrivate: true, botIsMember: false },
      ],
    });
    slack = clientFor(fake);
  });

  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers auth.test for the right bot token and refuses a wrong or missing one', async () => {
    const auth = await slack.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T0HERALD01', user_id: 'U0HERALDBOT', bot_id: 'B0HERALD01' });
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);

    expect(await slackError(clientFor(fake, 'xoxb-not-the-token').auth.test())).toBe('invalid_auth');
    const anonymous = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('records calls with JSON-encoded fields decoded and the token left out', async () => {
    await slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'hi', blocks: sections(1) });
    const [call] = fake.callsOf('chat.postMessage');
    expect(call?.args.blocks).toEqual(sections(1));
    expect(JSON.stringify(fake.calls)).not.toContain(fake.botToken);

    // A JSON body works as well as the WebClient's form encoding.
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0PUBLIC01', text: 'from json' }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0PUBLIC01' });
    expect(fake.messagesIn('C0PUBLIC01').map((m) => m.text)).toEqual(['hi', 'from json']);
  });

  it('takes the token of a JSON body from the Authorization header only, as Slack does', async () => {
    const inBody = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ token: fake.botToken, channel: 'C0PUBLIC01', text: 'token in the body' }),
    });
    expect(await inBody.json()).toEqual({ ok: false, error: 'not_authed' });
    // A form body may carry it as a field.
    const inForm = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: fake.botToken, channel: 'C0PUBLIC01', text: 'token in the form' }).toString(),
    });
    expect(await inForm.json()).toMatchObject({ ok: true });
    expect(fake.messagesIn('C0PUBLIC01').map((m) => m.text)).toEqual(['token in the form']);
  });

  it('answers unknown methods with unknown_method', async () => {
    expect(await slackError(slack.apiCall('reactions.teleport', {}))).toBe('unknown_method');
  });

  describe('views.open', () => {
    it('opens a modal once per trigger and answers with the stored view', async () => {
      const trigger = fake.newTriggerId();
      const opened = await slack.views.open({ trigger_id: trigger, view: modal() });
      expect(opened.view).toMatchObject({ callback_id: 'status_update', state: { values: {} }, private_metadata: '' });
      expect(opened.view?.id).toMatch(/^V[A-Z0-9]{9}$/);
      expect(fake.getView(opened.view?.id ?? '')?.hash).toBe(opened.view?.hash);
      expect(fake.latestView()?.id).toBe(opened.view?.id);

      expect(await slackError(slack.views.open({ trigger_id: trigger, view: modal() }))).toBe('expired_trigger_id');
      expect(await slackError(slack.views.open({ trigger_id: '1.2.3', view: modal() }))).toBe('invalid_trigger_id');
    });

    it('lets a trigger expire 3 seconds after it was issued', async () => {
      const fresh = fake.newTriggerId();
      const stale = fake.newTriggerId();
      clock += 2_999;
      await expect(slack.views.open({ trigger_id: fresh, view: modal() })).resolves.toMatchObject({ ok: true });
      clock += 2;
      expect(await slackError(slack.views.open({ trigger_id: stale, view: modal() }))).toBe('expired_trigger_id');
    });

    it('refuses a 25-character title with invalid_arguments and keeps the trigger usable', async () => {
      const trigger = fake.newTriggerId();
      const title = { type: 'plain_text' as const, text: 'x'.repeat(25) };
      const error = await slack.views.open({ trigger_id: trigger, view: modal({ title }) }).catch((e: unknown) => e);
      expect((error as { data: unknown }).data).toMatchObject({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
      });
      expect(fake.violations).toEqual([expect.objectContaining({ method: 'views.open', error: 'invalid_arguments' })]);

      const atLimit = { type: 'plain_text' as const, text: 'x'.repeat(24) };
      await expect(slack.views.open({ trigger_id: trigger, view: modal({ title: atLimit }) })).resolves.toMatchObject({ ok: true });
    });

    it('refuses 101 blocks but takes 100', async () => {
      expect(await slackError(slack.views.open({ trigger_id: fake.newTriggerId(), view: modal({ blocks: sections(101) }) }))).toBe(
        'invalid_arguments',
      );
      expect(fake.violations[0]?.messages).toContain('[ERROR] must provide no more than 100 items [json-pointer:/view/blocks]');
      await expect(slack.views.open({ trigger_id: fake.newTriggerId(), view: modal({ blocks: sections(100) }) })).resolves.toMatchObject({
        ok: true,
      });
    });

    it('refuses duplicate block_ids, input blocks without a label, and long private_metadata', async () => {
      const blocks = [...sections(1), ...sections(1), { type: 'input', block_id: 'x', element: { type: 'plain_text_input' } }];
      const view = modal({ blocks, private_metadata: 'm'.repeat(3001) });
      expect(await slackError(slack.views.open({ trigger_id: fake.newTriggerId(), view }))).toBe('invalid_arguments');
      expect(fake.violations[0]?.messages).toEqual(
        expect.arrayContaining([
          '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
          '[ERROR] duplicate block_id "s0" [json-pointer:/view/blocks/1/block_id]',
          '[ERROR] missing required field: label [json-pointer:/view/blocks/2]',
        ]),
      );
    });

    it('logs the view as it was sent, whatever later happens to the view it stored', async () => {
      const opened = await slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() });
      const stored = fake.getView(opened.view!.id!)!;
      (stored.blocks[0] as { label: { text: string } }).label.text = 'changed after the call';
      expect(fake.calls.at(-1)!.args.view).toMatchObject({ blocks: [{ label: { text: 'Message' } }] });
    });
  });

  describe('views.update', () => {
    it('replaces a view when the hash matches, and answers hash_conflict when it does not', async () => {
      const opened = await slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() });
      const id = opened.view?.id ?? '';
      const firstHash = opened.view?.hash ?? '';
      const updated = await slack.views.update({ view_id: id, hash: firstHash, view: modal({ private_metadata: 'step-2' }) });
      expect(updated.view).toMatchObject({ id, private_metadata: 'step-2' });
      expect(updated.view?.hash).not.toBe(firstHash);

      expect(await slackError(slack.views.update({ view_id: id, hash: firstHash, view: modal() }))).toBe('hash_conflict');
      expect(await slackError(slack.views.update({ view_id: 'V0NOSUCHVW', view: modal() }))).toBe('not_found');
    });

    it('gives a view a new hash when a submission ack updates it, so the old hash conflicts', async () => {
      const opened = await slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() });
      const id = opened.view?.id ?? '';
      const shown = fake.applyViewAck(id, { response_action: 'update', view: modal({ callback_id: 'publishing', blocks: sections(1) }) });
      expect(shown).toMatchObject({ id, callback_id: 'publishing' });
      expect(await slackError(slack.views.update({ view_id: id, hash: opened.view?.hash ?? '', view: modal() }))).toBe('hash_conflict');
      await expect(slack.views.update({ view_id: id, hash: shown?.hash ?? '', view: modal() })).resolves.toMatchObject({ ok: true });
      expect(() => fake.applyViewAck(id, { response_action: 'update', view: modal({ blocks: sections(101) }) })).toThrow(
        "the ack's view is invalid",
      );
    });
  });

  describe('views.push', () => {
    it('stacks a view on the modal the trigger came from, at most 3 deep', async () => {
      const root = await slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() });
      const rootId = root.view?.id ?? '';
      const second = await slack.views.push({ trigger_id: fake.newTriggerId({ fromViewId: rootId }), view: modal() });
      expect(second.view).toMatchObject({ root_view_id: rootId, previous_view_id: rootId });
      const third = await slack.views.push({ trigger_id: fake.newTriggerId({ fromViewId: second.view?.id ?? '' }), view: modal() });
      const fourth = slack.views.push({ trigger_id: fake.newTriggerId({ fromViewId: third.view?.id ?? '' }), view: modal() });
      expect(await slackError(fourth)).toBe('push_limit_reached');
    });
  });

  describe('chat.postMessage', () => {
    it('answers not_in_channel for a private channel the bot has not joined', async () => {
      expect(await slackError(slack.chat.postMessage({ channel: 'G0PRIVATE1', text: 'update' }))).toBe('not_in_channel');
      expect(fake.messagesIn('G0PRIVATE1')).toEqual([]);
    });

    it('posts into a public channel the bot has not joined only with chat:write.public', async () => {
      await expect(slack.chat.postMessage({ channel: 'C0OUTSIDE1', text: 'update' })).resolves.toMatchObject({ ok: true });

      const narrow = await startFakeSlack({ scopes: ['chat:write'], channels: [{ id: 'C0OUTSIDE1', name: 'x', botIsMember: false }] });
      try {
        expect(await slackError(clientFor(narrow).chat.postMessage({ channel: 'C0OUTSIDE1', text: 'update' }))).toBe('not_in_channel');
      } finally {
        await narrow.close();
      }
    });

    it('answers channel_not_found, no_text and invalid_blocks like Slack', async () => {
      expect(await slackError(slack.chat.postMessage({ channel: 'C0UNKNOWN1', text: 'x' }))).toBe('channel_not_found');
      expect(await slackError(slack.apiCall('chat.postMessage', { channel: 'C0PUBLIC01' }))).toBe('no_text');
      expect(await slackError(slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'x', blocks: sections(51) }))).toBe('invalid_blocks');
      const longSection = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }];
      expect(await slackError(slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'x', blocks: longSection }))).toBe('invalid_blocks');
    });

    it('returns channel, ts and the message, and keeps messages per channel for chat.update and pins.add', async () => {
      const posted = await slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'Investigating' });
      expect(posted).toMatchObject({ ok: true, channel: 'C0PUBLIC01', message: { text: 'Investigating', bot_id: 'B0HERALD01' } });
      expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
      await slack.chat.update({ channel: 'C0PUBLIC01', ts: posted.ts ?? '', text: 'Identified' });
      await slack.pins.add({ channel: 'C0PUBLIC01', timestamp: posted.ts ?? '' });
      expect(fake.messagesIn('C0PUBLIC01')).toEqual([expect.objectContaining({ text: 'Identified', pinned: true })]);
      expect(await slackError(slack.pins.add({ channel: 'C0PUBLIC01', timestamp: posted.ts ?? '' }))).toBe('already_pinned');
    });
  });

  describe('response_url', () => {
    it('records JSON posts and takes at most 5', async () => {
      const url = fake.newResponseUrl();
      expect(url.startsWith(`${fake.url}/response/`)).toBe(true);
      const post = (n: number) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `update ${n}` }) });
      const statuses = [];
      for (let n = 1; n <= 6; n += 1) statuses.push((await post(n)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
      expect(fake.responses(url).map((body) => body.text)).toEqual(['update 1', 'update 2', 'update 3', 'update 4', 'update 5']);
      expect(fake.callsOf('response_url')).toHaveLength(6);
      expect(fake.callsOf('response_url')[0]).toMatchObject({ args: { text: 'update 1' }, status: 200 });
    });
  });

  describe('fault injection', () => {
    it('answers ratelimited with 429 and Retry-After, for the given number of calls', async () => {
      fake.inject('chat.postMessage', { error: 'ratelimited', retryAfter: 7 }, 2);
      const call = () =>
        fetch(`${fake.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'channel=C0PUBLIC01&text=hi',
        });
      const first = await call();
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('7');
      const limited = await slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'hi' }).catch((e: unknown) => e);
      expect(limited).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
      await expect(slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'hi' })).resolves.toMatchObject({ ok: true });
    });

    it('injects Slack errors, HTTP failures and latency', async () => {
      fake.inject('views.open', { error: 'fatal_error' });
      fake.inject('views.open', { status: 500 });
      expect(await slackError(slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() }))).toBe('fatal_error');
      await expect(slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() })).rejects.toMatchObject({
        code: 'slack_webapi_http_error',
        statusCode: 500,
      });

      fake.inject('auth.test', { latencyMs: 150 });
      const started = Date.now();
      await expect(slack.auth.test()).resolves.toMatchObject({ ok: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });
  });

  describe('waitFor', () => {
    it('resolves with a call that arrives later', async () => {
      const waiting = fake.waitFor((call) => call.method === 'chat.postMessage' && call.args.channel === 'C0PUBLIC01');
      await slack.auth.test();
      await slack.chat.postMessage({ channel: 'C0PUBLIC01', text: 'later' });
      await expect(waiting).resolves.toMatchObject({ method: 'chat.postMessage', args: { text: 'later' }, response: { ok: true } });
    });

    it('times out with a message naming what it waited for and listing the calls seen', async () => {
      await slack.auth.test();
      await slack.chat.postMessage({ channel: 'G0PRIVATE1', text: 'x' }).catch(() => undefined);
      const error = await fake.waitFor('views.update', { timeoutMs: 50 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain('timed out after 50 ms waiting for 1 call(s) matching "views.update"');
      expect(message).toContain('#0 auth.test → ok');
      expect(message).toContain('#1 chat.postMessage → error not_in_channel');
    });
  });
});

describe("fake Slack's scopes", () => {
  it("grants exactly the manifest's bot scopes, and refuses a call needing another with missing_scope", async () => {
    const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const granted = (parse(manifest) as { oauth_config: { scopes: { bot: string[] } } }).oauth_config.scopes.bot;
    const fake = await startFakeSlack({ channels: [{ id: 'C0PUBLIC01', name: 'incident' }] });
    try {
      const client = clientFor(fake);
      const answer = await client.auth.test();
      expect(answer.response_metadata?.scopes?.sort()).toEqual([...granted].sort());
      // users.info needs users:read, which the manifest does not ask for: Slack says so, naming both sides.
      const refused = await client.users.info({ user: 'U0ANYONE01' }).then(
        () => undefined,
        (error: { data?: Record<string, unknown> }) => error.data,
      );
      expect(refused).toMatchObject({ ok: false, error: 'missing_scope', needed: 'users:read', provided: granted.join(',') });
      await expect(client.chat.postMessage({ channel: 'C0PUBLIC01', text: 'Investigating' })).resolves.toMatchObject({ ok: true });
    } finally {
      await fake.close();
    }
  });
});

describe('fake Slack under load', () => {
  it('keeps at most maxOpenViews views open, forgetting the longest-kept', async () => {
    const fake = await startFakeSlack({ maxOpenViews: 2 });
    try {
      const slack = clientFor(fake);
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const opened = await slack.views.open({ trigger_id: fake.newTriggerId(), view: modal() });
        ids.push(opened.view!.id!);
      }
      expect(await slackError(slack.views.update({ view_id: ids[0]!, view: modal() }))).toBe('not_found');
      await expect(slack.views.update({ view_id: ids[1]!, view: modal() })).resolves.toMatchObject({ ok: true });
      await expect(slack.views.update({ view_id: ids[2]!, view: modal() })).resolves.toMatchObject({ ok: true });
    } finally {
      await fake.close();
    }
  });

  it('keeps no call bodies when told not to, only each call and whether it succeeded', async () => {
    const fake = await startFakeSlack({ keepCallBodies: false });
    try {
      await clientFor(fake).views.open({ trigger_id: fake.newTriggerId(), view: modal() });
      expect(fake.calls).toEqual([expect.objectContaining({ method: 'views.open', args: {}, response: { ok: true }, status: 200 })]);
    } finally {
      await fake.close();
    }
  });
});
