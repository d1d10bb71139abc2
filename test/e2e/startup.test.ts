import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';

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
