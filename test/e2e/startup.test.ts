import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { FORM_BLOCKS } from '../../src/slack/blocks/ids.js';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { FAKE_CHANNEL, startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import type { Harness } from '../support/herald-harness.js';
import { BUNDLE_ENTRY, startHeraldProcess, type HeraldProcess } from '../support/herald-process.js';
import { createSlackRequester } from '../support/slack-client.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';

// `npm start` runs `node dist/main.js`; `npm test` builds dist first, so this is the real artifact.
// HERALD_TEST_ENTRY=dist/bundle/herald.mjs: the same tests against the bundle `npm start` runs.
const MAIN = join(process.cwd(), process.env.HERALD_TEST_ENTRY ?? join('dist', 'main.js'));

function startHerald(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('starting Herald (node dist/main.js)', () => {
  let slack: FakeSlack;
  let pagerduty: FakePagerDuty;
  let dataDir: string;
  beforeAll(async () => {
    [slack, pagerduty] = await Promise.all([startFakeSlack(), startFakePagerDuty()]);
    dataDir = await mkdtemp(join(tmpdir(), 'herald-start-'));
  });
  afterAll(async () => {
    await Promise.all([slack.close(), pagerduty.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  const completeEnv = () => ({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'start-test-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    PAGERDUTY_API_TOKEN: pagerduty.token,
    PAGERDUTY_API_URL: pagerduty.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  });

  it('refuses to start without SLACK_BOT_TOKEN, saying so and printing no secret', async () => {
    const { SLACK_BOT_TOKEN: _unset, ...env } = completeEnv();
    const herald = startHerald({ ...env, PORT: '0' });
    const code = await herald.exited;
    const { stderr } = herald.output();
    expect(code).not.toBe(0);
    expect(stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(stderr).not.toContain('start-test-signing-secret');
    expect(stderr).not.toContain(pagerduty.token);
  });

  it('serves /healthz once ready, then stops cleanly on SIGTERM', async () => {
    const herald = startHerald({ ...completeEnv(), PORT: '0' });
    try {
      // PORT=0 takes any free port; the ready line says which.
      let port: number | undefined;
      for (let tries = 0; tries < 200 && port === undefined; tries += 1) {
        const ready = herald.output().stdout.split('\n').find((line) => line.includes('Herald is ready'));
        if (ready) port = (JSON.parse(ready) as { port: number }).port;
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(port).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      herald.child.kill('SIGTERM');
    }
    expect(await herald.exited).toBe(0);
    const { stdout } = herald.output();
    expect(stdout).toContain('Herald is ready');
    expect(stdout).not.toContain(slack.botToken);
  });
});

// The bundle `npm start` runs is built by scripts/bundle.mjs, which rewrites characters: it once turned
// the "•" in the list-item pattern into "?", so "•" lines stopped being list items on the public status
// page and a "? question" line became one. So this always runs the bundle, whatever HERALD_TEST_ENTRY says.
describe('the bundle (node dist/bundle/herald.mjs) publishes what was typed', () => {
  const SIGNING_SECRET = 'bundle-test-signing-secret';
  let slack: FakeSlack;
  let pagerduty: FakePagerDuty;
  let dataDir: string;
  let herald: HeraldProcess | undefined;
  beforeAll(async () => {
    if (!existsSync(BUNDLE_ENTRY)) throw new Error(`${BUNDLE_ENTRY} is missing: run \`npm run build\` (npm test does) first`);
    [slack, pagerduty] = await Promise.all([startFakeSlack({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] }), startFakePagerDuty()]);
    dataDir = await mkdtemp(join(tmpdir(), 'herald-bundle-'));
  });
  afterAll(async () => {
    herald?.kill('SIGKILL');
    await herald?.exited;
    await Promise.all([slack?.close(), pagerduty?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps "•" lines as list items and a "? question" line as text', async () => {
    herald = await startHeraldProcess(
      {
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PAGERDUTY_API_TOKEN: pagerduty.token,
        PAGERDUTY_API_URL: pagerduty.url,
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      BUNDLE_ENTRY,
    );
    const requester = createSlackRequester({ baseUrl: `http://127.0.0.1:${herald.port}`, signingSecret: SIGNING_SECRET, issuer: slack });
    // The form driver needs only the fake Slack and a way to send Slack's requests.
    const driver = { slack, requester } as unknown as Harness;
    const seed = pagerduty.seed!;
    let view = await openUpdateForm(driver);
    view = await choosePost(driver, view, `incident:${seed.incidentPostId}`);
    const ack = await submitForm(driver, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Affected:\n\n• checkout\n• login\n\n? Why did it fail: still checking.',
    });
    expect(ack.response_action).toBe('update');

    const published = () => pagerduty.calls.find((call) => call.operationId === 'createStatusPagePostUpdate');
    for (let tries = 0; tries < 400 && !published(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    const sent = published()?.body as { post_update?: { message?: string } } | undefined;
    expect(sent?.post_update?.message).toBe('<p>Affected:</p><ul><li>checkout</li><li>login</li></ul><p>? Why did it fail: still checking.</p>');
  });
});
