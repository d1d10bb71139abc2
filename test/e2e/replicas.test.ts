import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORM_BLOCKS } from '../../src/slack/blocks/ids.js';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { FAKE_CHANNEL, startFakeSlack, type FakeSlack, type StoredView } from '../fakes/fake-slack.js';
import { copyValues, openFormCopy, type PostRef } from '../support/form-copies.js';
import type { Harness } from '../support/herald-harness.js';
import { createSlackRequester, type SlackRequester } from '../support/slack-client.js';
import { viewSubmissionPayload } from '../support/slack-payloads.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import { startHeraldProcess, type HeraldProcess } from '../support/herald-process.js';

// Two Herald processes (`node dist/main.js`, built by `npm test`) behind an imaginary load balancer, sharing
// one PostgreSQL database. 100 submissions are spread across both; one replica is SIGKILLed halfway, with
// publishes in flight (PagerDuty answers slowly). The survivor's sweep takes over what the dead one left
// (its owner lock went with its session), and every update is published exactly once and echoed once.
// (Reminders do not exist yet; when they do, this test should also check that due ones fire once.)

const SIGNING_SECRET = 'replica-test-signing-secret';
const SUBMISSIONS = 100;
/** The survivor's first sweep comes 30 s after it started (the production interval): wait for it and a margin. */
const SETTLE_DEADLINE_MS = 45_000;


describe('two replicas on one PostgreSQL, one SIGKILLed halfway', () => {
  let slack: FakeSlack;
  let pagerduty: FakePagerDuty;
  let dataDir: string;
  let database: TestDatabase;
  const replicas: HeraldProcess[] = [];

  beforeAll(async () => {
    [slack, pagerduty] = await Promise.all([startFakeSlack({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] }), startFakePagerDuty()]);
    dataDir = await mkdtemp(join(tmpdir(), 'herald-replicas-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const replica of replicas) replica.kill('SIGKILL');
    await Promise.all(replicas.map((replica) => replica.exited));
    await Promise.all([slack?.close(), pagerduty?.close()]);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PAGERDUTY_API_TOKEN: pagerduty.token,
    PAGERDUTY_API_URL: pagerduty.url,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'info',
  });
  const requesterFor = (replica: HeraldProcess): SlackRequester =>
    createSlackRequester({ baseUrl: `http://127.0.0.1:${replica.port}`, signingSecret: SIGNING_SECRET, issuer: slack });

  it('publishes every submission exactly once and echoes it', async () => {
    const seed = pagerduty.seed!;
    // Started together, as a rolling deploy or a fresh cluster does: both run the migrations at once.
    const [a, b] = await Promise.all([startHeraldProcess(env()), startHeraldProcess(env())]);
    replicas.push(a!, b!);
    const survivor = a!;
    const victim = b!;
    const requesters = [requesterFor(survivor), requesterFor(victim)] as const;

    const driver = { slack, requester: requesters[0] } as unknown as Harness;
    let base = await openUpdateForm(driver);
    base = await choosePost(driver, base, `incident:${seed.incidentPostId}`);
    const posts: PostRef[] = [];
    for (let i = 0; i < SUBMISSIONS; i += 1) {
      const post = pagerduty.state.addPost(seed.pageId, { title: `Replica test ${i}`, postType: 'incident' });
      posts.push({ id: post.id, title: post.title, kind: 'incident' });
    }
    const views: StoredView[] = [];
    for (const post of posts) views.push(await openFormCopy(slack, base, post));
    // PagerDuty answers slowly, so the victim dies with publishes in flight.
    pagerduty.setFaultPicker((call) => (call.operationId === 'createStatusPagePostUpdate' ? { type: 'latency', ms: 1_000 } : undefined));

    const tagOf = (i: number) => `REPLICA-${String(i).padStart(3, '0')}`;
    const submit = async (i: number, requester: SlackRequester) => {
      const values = copyValues(views[i]!, posts[i]!, {
        [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
        [FORM_BLOCKS.severity]: seed.severities.incident.major!,
        [FORM_BLOCKS.message]: `${tagOf(i)} Checkout is failing for some customers; rollback in progress.`,
      });
      const response = await requester.viewSubmission(viewSubmissionPayload({ view: views[i]!, values }));
      expect(response.status).toBe(200);
      expect((response.json as { response_action?: string }).response_action).toBe('update');
    };

    // First half: alternately to each replica. The victim has acknowledged (so stored) its share when killed.
    const half = SUBMISSIONS / 2;
    await Promise.all(Array.from({ length: half }, (_, i) => submit(i, requesters[i % 2]!)));
    victim.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    // The victim's share (odd indexes) already on PagerDuty when it died: fewer than all, or the kill proved nothing.
    const victimsStoredAtKill = posts.filter((post, i) => i % 2 === 1 && pagerduty.state.updatesOf(post.id).length > 1).length;
    // Second half: the load balancer sends everything to the survivor.
    await Promise.all(Array.from({ length: SUBMISSIONS - half }, (_, i) => submit(half + i, requesters[0])));

    const echoesOf = (i: number) =>
      slack.callsOf('chat.postMessage').filter((call) => (call.response as { ok?: boolean }).ok === true && JSON.stringify(call.args).includes(tagOf(i)));
    await waitUntil(() => posts.every((_, i) => echoesOf(i).length >= 1), SETTLE_DEADLINE_MS, 'every submission echoed', () => survivor.output());
    // A moment for a duplicate to show, then stop the survivor the friendly way.
    await new Promise((resolve) => setTimeout(resolve, 500));
    survivor.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);

    const perPost = posts.map((post, i) => ({
      tag: tagOf(i),
      entries: pagerduty.state.updatesOf(post.id).filter((update) => update.message.includes(tagOf(i))).length,
      echoes: echoesOf(i).length,
    }));
    console.log(`replicas: ${SUBMISSIONS} submissions, ${victimsStoredAtKill} of the killed replica's ${half / 2} published when it died; the survivor finished the rest`);
    expect(perPost).toEqual(perPost.map((row) => ({ ...row, entries: 1, echoes: 1 })));
    expect(victimsStoredAtKill).toBeLessThan(half / 2);
    expect(pagerduty.violations.filter((violation) => violation.direction === 'request')).toEqual([]);
    expect(survivor.output()).not.toContain(slack.botToken);
  }, 75_000);
});

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string, context: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\n${context().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
