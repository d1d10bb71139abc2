import { startSocketModeHerald, type SocketModeHerald } from '../support/socket-mode-herald.js';
import { slashCommandBody } from '../support/slack-payloads.js';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let world: SocketModeHerald;
  beforeAll(async () => {
    world = await startSocketModeHerald();
  });
  afterAll(() => world?.close());

  it('needs no signing secret and serves /healthz on PORT', async () => {
    const health = await fetch(`http://127.0.0.1:${world.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('receives /status-update over the socket, acknowledges it and opens the form', async () => {
    const since = world.slack.calls.length;
    const ack = await world.socket.send(
      'slash_commands',
      slashCommandBody({ trigger_id: world.slack.newTriggerId(), response_url: world.slack.newResponseUrl() }),
    );
    expect(ack.envelope_id).toBeDefined();
    const opened = await world.slack.waitFor('views.open', { since });
    expect((opened.response as { ok: boolean }).ok).toBe(true);
  });

  it('answers `help` in the acknowledgement itself', async () => {
    const ack = await world.socket.send(
      'slash_commands',
      slashCommandBody({ text: 'help', trigger_id: world.slack.newTriggerId(), response_url: world.slack.newResponseUrl() }),
    );
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('/status-update help') });
  });

  it('times each acknowledgement sent over the socket, for GET /metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${world.port}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find((candidate) => candidate.startsWith('herald_slack_ack_duration_seconds_count{mode="socket",status="acked"} '));
    // The two commands above; nothing is counted as HTTP in Socket Mode.
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).not.toContain('mode="http"');
  });

  it.each([
    ['a slash_commands envelope whose payload is null', 'slash_commands', null],
    ['an interactive envelope whose payload is an array', 'interactive', []],
    ['an events_api envelope with no event', 'events_api', { type: 'event_callback', team_id: 'T0HERALD01' }],
    ['an events_api envelope whose event is null', 'events_api', { type: 'event_callback', event: null }],
    ['an interactive view submission with no user', 'interactive', { type: 'view_submission', view: { id: 'V1', callback_id: 'x' } }],
    ['an envelope of a type Slack does not send', 'not_a_type', { type: 'shortcut' }],
  ])('%s is acknowledged, dropped and logged at warn; Herald keeps serving', async (_what, type, payload) => {
    const before = world.logs.length;
    const ack = await world.socket.send(type, payload);
    expect(ack.envelope_id).toBeDefined();
    const since = world.slack.calls.length;
    await world.socket.send(
      'slash_commands',
      slashCommandBody({ trigger_id: world.slack.newTriggerId(), response_url: world.slack.newResponseUrl() }),
    );
    await world.slack.waitFor('views.open', { since });
    const written = world.logs.slice(before);
    expect(written.filter((line) => line.level >= 50)).toEqual([]);
    expect(written.map((line) => line.msg)).toContain('dropped a Socket Mode envelope that is not a payload Slack sends');
  });
});
