import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { BUNDLE_ENTRY } from '../support/herald-process.js';
import { noteGuardLines } from '../support/unhandled-rejections/note.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { waitUntil } from '../support/wait-until.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// `npm start` runs `node dist/main.js`; `npm test` builds dist first, so this is the real artifact.
// HERALD_TEST_ENTRY=dist/bundle/herald.mjs: the same tests against the bundle `npm start` runs.
const MAIN = join(process.cwd(), process.env.HERALD_TEST_ENTRY ?? join('dist', 'main.js'));

function startHerald(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      noteGuardLines(`Herald process ${child.pid}`, stdout + stderr);
      resolve(code);
    }),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('starting Herald (node dist/main.js)', () => {
  let world: HeraldProcessWorld;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: 'start-test-signing-secret', dataDirPrefix: 'herald-start-' });
  });
  afterAll(() => world.close());

  it('refuses to start without SLACK_BOT_TOKEN, saying so and printing no secret', async () => {
    const { SLACK_BOT_TOKEN: _unset, ...env } = world.env();
    const herald = startHerald(env);
    const code = await herald.exited;
    const { stderr } = herald.output();
    expect(code).not.toBe(0);
    expect(stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(stderr).not.toContain('start-test-signing-secret');
    expect(stderr).not.toContain(world.pagerduty.token);
  });

  it('serves /healthz once ready, then stops cleanly on SIGTERM', async () => {
    const herald = startHerald(world.env());
    try {
      // PORT=0 takes any free port; the ready line says which.
      const readyLine = () =>
        herald
          .output()
          .stdout.split('\n')
          .find((line) => line.includes('Herald is ready'));
      // dist/main.js loads some 1,500 module files: seconds on a busy machine (the bundle `npm start` runs
      // is the fast one). What is tested here is that it gets ready, not how fast.
      await waitUntil(
        () => readyLine() !== undefined,
        20_000,
        'Herald is ready',
        () => herald.output().stderr,
      );
      const port = (JSON.parse(readyLine()!) as { port: number }).port;
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
    expect(stdout).not.toContain(world.slack.botToken);
  });
});

// The bundle `npm start` runs is built by scripts/bundle.mjs, which rewrites characters: it once turned
// the "•" in the list-item pattern into "?", so "•" lines stopped being list items on the public status
// page and a "? question" line became one. So this always runs the bundle, whatever HERALD_TEST_ENTRY says.
describe('the bundle (node dist/bundle/herald.mjs) publishes what was typed', () => {
  let world: HeraldProcessWorld;
  beforeAll(async () => {
    if (!existsSync(BUNDLE_ENTRY)) throw new Error(`${BUNDLE_ENTRY} is missing: run \`npm run build\` (npm test does) first`);
    world = await openHeraldProcessWorld({ signingSecret: 'bundle-test-signing-secret', dataDirPrefix: 'herald-bundle-' });
  });
  afterAll(() => world?.close());

  it('keeps "•" lines as list items and a "? question" line as text', async () => {
    const { pagerduty } = world;
    const herald = await world.start({}, BUNDLE_ENTRY);
    // The form driver needs only the fake Slack and a way to send Slack's requests.
    const driver = world.driverFor(herald.port);
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
    await waitUntil(() => published() !== undefined, 10_000, 'the update created on PagerDuty', herald.output);
    const sent = published()?.body as { post_update?: { message?: string } } | undefined;
    expect(sent?.post_update?.message).toBe(
      '<p>Affected:</p><ul><li>checkout</li><li>login</li></ul><p>? Why did it fail: still checking.</p>',
    );
  });
});
