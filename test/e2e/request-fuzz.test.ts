import fc from 'fast-check';
import {
  CORRECT_LAST_UPDATE_ACTION,
  CORRECTION_FORM_CALLBACK_ID,
  CORRECTION_MESSAGE_ACTION,
  CORRECTION_MESSAGE_BLOCK_ID,
} from '../../src/slack/corrections/correction-ids.js';
import { LINK_FORM_CALLBACK_ID } from '../../src/slack/channel-links/link-form.js';
import { UNLINK_PAGE_ACTION } from '../../src/slack/channel-links/unlink-message.js';
import { EDIT_AND_RETRY_ACTION } from '../../src/slack/outcome/outcome-ids.js';
import {
  BULK_COMPONENTS_ACTION,
  FORM_BLOCKS,
  PAGE_SELECT_ACTION,
  POST_SELECT_ACTION,
  PREVIEW_ACTION,
  KIND_SELECT_ACTION,
  STATUS_SELECT_ACTION,
  UPDATE_FORM_CALLBACK_ID,
} from '../../src/slack/update-form/blocks/update-form-ids.js';
import { encodeFormMetadata, newFormMetadata } from '../../src/slack/update-form/form-metadata.js';
import { REMINDER_POST_UPDATE_ACTION } from '../../src/reminders/reminder-message.js';
import { FAKE_CHANNEL, FAKE_WORKSPACE } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { ANSWER_WITHIN_MS, envelope, FORM, RUNS, seed, type Json } from '../support/fuzz-settings.js';
import { slashCommandBody } from '../support/slack-payloads.js';
import { startSocketModeHerald, type SocketModeHerald } from '../support/socket-mode-herald.js';
import { MAINTENANCE_EXTEND_ACTION } from '../../src/reminders/maintenance-reminder-message.js';
import { PUBLISH_DRAFT_ACTION } from '../../src/slack/outcome/echo-message.js';

// Whatever a sender holding the signing secret posts (or Slack's end of a Socket Mode connection sends), Herald
// answers it (2xx with something Slack can show, or a 4xx; an acknowledgement over Socket Mode), promptly, logs it
// as the sender's fault (never at error level), and goes on serving. Generated bodies: any JSON at all, and Slack's
// own payloads of every kind Herald handles with one part replaced by anything. A failure prints fast-check's seed
// and the body; HERALD_FUZZ_SEED=<seed> runs the same bodies again.

const formMetadata = () =>
  encodeFormMetadata(newFormMetadata({ channelId: FAKE_CHANNEL.id, teamId: FAKE_WORKSPACE.teamId, responseUrl: null }));
const view = (callbackId: string, extra: Json = {}): Json => ({
  id: 'V0FUZZ0001',
  type: 'modal',
  callback_id: callbackId,
  hash: '1700000000.fuzz',
  private_metadata: formMetadata(),
  state: { values: { [FORM_BLOCKS.message]: { message_input: { type: 'plain_text_input', value: 'Investigating.' } } } },
  ...extra,
});
const modalAction = (actionId: string, extra: Json = {}): Json => ({
  type: 'block_actions',
  ...envelope(),
  container: { type: 'view', view_id: 'V0FUZZ0001' },
  view: view(UPDATE_FORM_CALLBACK_ID),
  actions: [{ type: 'static_select', action_id: actionId, block_id: actionId, action_ts: '1700000000.000100', ...extra }],
});
/** A response_url the fake Slack answers (fuzzed ones that point nowhere are the sender's own problem). */
let responseUrl = 'http://127.0.0.1:9/response-url-not-set';
const messageAction = (actionId: string, value: string): Json => ({
  type: 'block_actions',
  ...envelope(),
  container: { type: 'message', message_ts: '1700000000.000200', channel_id: FAKE_CHANNEL.id, is_ephemeral: false },
  channel: { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name },
  message: { ts: '1700000000.000200', text: 'x', blocks: [] },
  state: { values: {} },
  response_url: responseUrl,
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1700000000.000300' }],
});

/** One well-formed payload of each kind Herald handles, and two it does not. */
const slackPayloads = (): Json[] => [
  { type: 'view_submission', ...envelope(), view: view(UPDATE_FORM_CALLBACK_ID) },
  { type: 'view_submission', ...envelope(), view: view(LINK_FORM_CALLBACK_ID) },
  {
    type: 'view_submission',
    ...envelope(),
    view: view(CORRECTION_FORM_CALLBACK_ID, {
      private_metadata: JSON.stringify({ submissionId: 'no-such-submission' }),
      state: {
        values: { [CORRECTION_MESSAGE_BLOCK_ID]: { [CORRECTION_MESSAGE_ACTION]: { type: 'plain_text_input', value: 'Fixed text' } } },
      },
    }),
  },
  { type: 'view_closed', ...envelope(), view: view(UPDATE_FORM_CALLBACK_ID), is_cleared: false },
  modalAction(PAGE_SELECT_ACTION, { selected_option: { value: 'pagerduty:PAGE1', text: { type: 'plain_text', text: 'Acme' } } }),
  modalAction(POST_SELECT_ACTION, { selected_option: { value: 'incident:P1', text: { type: 'plain_text', text: 'Outage' } } }),
  modalAction(STATUS_SELECT_ACTION, { selected_option: { value: 'resolved', text: { type: 'plain_text', text: 'Resolved' } } }),
  modalAction(KIND_SELECT_ACTION, { selected_option: { value: 'maintenance', text: { type: 'plain_text', text: 'Maintenance' } } }),
  modalAction(PREVIEW_ACTION, { type: 'button', value: 'x' }),
  messageAction(CORRECT_LAST_UPDATE_ACTION, 'no-such-submission'),
  messageAction(EDIT_AND_RETRY_ACTION, 'no-such-submission'),
  messageAction(`${UNLINK_PAGE_ACTION}:pagerduty:PAGE1`, 'pagerduty:PAGE1'),
  messageAction(REMINDER_POST_UPDATE_ACTION, 'no-such-submission'),
  messageAction(MAINTENANCE_EXTEND_ACTION, 'no-such-submission'),
  messageAction(PUBLISH_DRAFT_ACTION, 'no-such-submission'),
  messageAction('reminder_snooze_15', 'no-such-submission'),
  ...[PAGE_SELECT_ACTION, POST_SELECT_ACTION, BULK_COMPONENTS_ACTION].map((actionId) => ({
    type: 'block_suggestion',
    ...envelope(),
    container: { type: 'view', view_id: 'V0FUZZ0001' },
    action_id: actionId,
    block_id: actionId,
    value: 'ac',
    view: view(UPDATE_FORM_CALLBACK_ID),
  })),
  { type: 'shortcut', ...envelope(), callback_id: 'not_herald', action_ts: '1700000000.1' },
  { type: 'message_action', ...envelope(), callback_id: 'not_herald', channel: { id: FAKE_CHANNEL.id }, message: { ts: '1.2', text: 'x' } },
];
const EVENTS: Json[] = [
  {
    type: 'event_callback',
    team_id: FAKE_WORKSPACE.teamId,
    api_app_id: FAKE_WORKSPACE.appId,
    event: { type: 'app_uninstalled' },
    event_id: 'Ev1',
    event_time: 1,
  },
  {
    type: 'event_callback',
    team_id: FAKE_WORKSPACE.teamId,
    api_app_id: FAKE_WORKSPACE.appId,
    event: { type: 'tokens_revoked', tokens: { oauth: [], bot: ['U0HERALDBOT'] } },
    authorizations: [{ team_id: FAKE_WORKSPACE.teamId, enterprise_id: null, is_enterprise_install: false }],
    event_id: 'Ev2',
    event_time: 1,
  },
];

/** Every path into a JSON value, the value itself first. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...prefix, index]));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

/** `base` with the value at `path` replaced (or, for `undefined`, removed). */
function replaced(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(base);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Anything JSON can say, at most a few levels deep: the values a part of a payload is replaced with. */
const anyJson = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, '', 0, -1, 1e308, [], {}, 'constructor', '__proto__', '\u0000', '\u202e') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
);

/** A Slack payload with one part of it, anywhere, replaced by anything, or taken out. */
const mutatedPayload = (bases: Json[]) =>
  fc
    .constantFrom(...bases)
    .chain((base) => fc.tuple(fc.constant(base), fc.constantFrom(...pathsOf(base)), anyJson))
    .map(([base, path, value]) => replaced(base, path, value));

let SLACK_PAYLOADS: Json[] = [];

describe('signed requests of any shape, over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`request fuzz: seed ${seed} (rerun with HERALD_FUZZ_SEED=${seed}), ${RUNS} runs a property`);
    h = await startHarness({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }], maxUpdatesPerMinute: 0 });
    responseUrl = h.slack.newResponseUrl();
    SLACK_PAYLOADS = slackPayloads();
  });
  afterAll(async () => {
    await h?.close();
  });

  const errorLinesSince = (from: number): string[] =>
    h.logs
      .slice(from)
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 50);

  /** Sends the body, signed, and checks the answer and the log. */
  async function sendAndCheck(body: string, contentType: string): Promise<void> {
    const from = h.logs.length;
    const started = Date.now();
    const response = await h.requester.raw({ body, contentType });
    const took = Date.now() - started;
    // Whatever the request started in the background (a form being filled, say) has had its moment.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const errors = errorLinesSince(from);
    const answered = response.status === 200 || (response.status >= 400 && response.status < 500);
    if (took >= ANSWER_WITHIN_MS || !answered || errors.length > 0) {
      throw new Error(
        `${contentType} body ${body.slice(0, 2000)}\nanswered ${response.status} in ${took} ms: ${response.body.slice(0, 500)}\nerror lines: ${errors.join('\n')}`,
      );
    }
  }

  afterEach(async () => {
    await h.herald.publisher.idle();
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('any JSON value as the payload field of a form body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (payload) =>
        sendAndCheck(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM),
      ),
      { seed, numRuns: RUNS },
    );
  });

  it('any JSON value as a JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => sendAndCheck(JSON.stringify(body), 'application/json')),
      { seed, numRuns: RUNS },
    );
  });

  it("Slack's interactive payloads of every kind, one part replaced by anything", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedPayload(SLACK_PAYLOADS), async (payload) =>
        sendAndCheck(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM),
      ),
      { seed, numRuns: RUNS * 4 },
    );
  });

  it('events, one part replaced by anything', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedPayload(EVENTS), async (event) => sendAndCheck(JSON.stringify(event), 'application/json')),
      { seed, numRuns: RUNS },
    );
  });

  it('slash commands with any fields, any values, and fields given twice', async () => {
    const fields = fc.dictionary(
      fc.constantFrom(...Object.keys(slashCommandBody()), 'payload', 'ssl_check'),
      fc.string({ unit: 'binary', maxLength: 40 }),
      { maxKeys: 6 },
    );
    await fc.assert(
      fc.asyncProperty(fields, fc.boolean(), async (changes, twice) => {
        const body = new URLSearchParams({
          ...slashCommandBody({ trigger_id: h.slack.newTriggerId(), response_url: h.slack.newResponseUrl() }),
          ...changes,
        });
        if (twice) body.append('command', '/status-update');
        await sendAndCheck(body.toString(), FORM);
      }),
      { seed, numRuns: RUNS },
    );
  });

  it('deep nesting and huge strings within the 1 MB limit', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await sendAndCheck(new URLSearchParams({ payload: deep }).toString(), FORM);
    await sendAndCheck(deep, 'application/json');
    const huge = 'x'.repeat(900_000);
    for (const base of SLACK_PAYLOADS.slice(0, 6)) {
      for (const path of pathsOf(base)
        .filter((p) => p.length > 0)
        .slice(0, 12)) {
        await sendAndCheck(new URLSearchParams({ payload: JSON.stringify(replaced(base, path, huge)) }).toString(), FORM);
      }
    }
  }, 120_000);
});

describe('envelopes of any shape, over Socket Mode', () => {
  let world: SocketModeHerald;
  beforeAll(async () => {
    world = await startSocketModeHerald();
    responseUrl = world.slack.newResponseUrl();
    SLACK_PAYLOADS = slackPayloads();
  });
  afterAll(() => world?.close());

  /** Sends one envelope and checks it was acknowledged in time and logged as the sender's fault at worst. */
  async function sendAndCheck(type: string, payload: unknown): Promise<void> {
    const from = world.logs.length;
    const started = Date.now();
    // The fake rejects when no acknowledgement comes within Slack's 3 seconds.
    await world.socket.send(type, payload, ANSWER_WITHIN_MS);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const errors = world.logs.slice(from).filter((line) => line.level >= 50);
    if (errors.length > 0)
      throw new Error(
        `${type} envelope ${JSON.stringify(payload).slice(0, 2000)}\nacknowledged in ${Date.now() - started} ms\nerror lines: ${JSON.stringify(errors)}`,
      );
  }

  afterEach(async () => {
    expect((await fetch(`http://127.0.0.1:${world.port}/healthz`)).status).toBe(200);
  });

  it('any JSON value as the payload of any envelope type', async () => {
    const types = fc.constantFrom('slash_commands', 'interactive', 'events_api', 'hello_there', '');
    await fc.assert(
      fc.asyncProperty(types, fc.jsonValue({ maxDepth: 4 }), (type, payload) => sendAndCheck(type, payload)),
      { seed, numRuns: RUNS },
    );
  });

  it("Slack's payloads in their envelopes, one part replaced by anything", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedPayload(SLACK_PAYLOADS), (payload) => sendAndCheck('interactive', payload)),
      { seed, numRuns: RUNS * 2 },
    );
    await fc.assert(
      fc.asyncProperty(mutatedPayload(EVENTS), (event) => sendAndCheck('events_api', event)),
      { seed, numRuns: RUNS },
    );
    const command = { ...slashCommandBody(), response_url: world.slack.newResponseUrl() };
    await fc.assert(
      fc.asyncProperty(mutatedPayload([command]), (fields) => sendAndCheck('slash_commands', fields)),
      { seed, numRuns: RUNS },
    );
  });
});
