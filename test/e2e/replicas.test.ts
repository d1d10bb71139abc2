import pg from 'pg';
import { REMINDER_ACTIONS_BLOCK_ID } from '../../src/reminders/reminder-message.js';
import type { StoredView } from '../fakes/fake-slack.js';
import type { RecordedCall } from '../fakes/slack/call-log.js';
import { copyValues, openFormCopy, type PostRef } from '../support/form-copies.js';
import type { SlackRequester } from '../support/slack-client.js';
import { viewSubmissionPayload } from '../support/slack-payloads.js';
import { isReminder } from '../support/reminder-messages.js';
import { isSummaryCall } from '../support/summary-messages.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import type { HeraldProcess } from '../support/herald-process.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { waitUntil as pollUntil } from '../support/wait-until.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Two Herald processes (`node dist/main.js`, built by `npm test`) behind an imaginary load balancer, sharing
// one PostgreSQL database. 100 submissions are spread across both; one replica is SIGKILLed halfway, with
// publishes in flight (PagerDuty answers slowly). The survivor's sweep takes over what the dead one left
// (its owner lock went with its session), and every update is published exactly once and echoed once.
//
// Every update promises the next one in 15 minutes. Nobody waits 15 minutes: once updates are published, the
// test moves their publishing time 16 minutes back in the database, which to the replicas (polling every
// 200 ms, HERALD_REMINDER_POLL_MS) is the same as that time having passed. Ten warm-up updates come due while
// both replicas poll, racing for each reminder; the hundred come due after the SIGKILL, with the survivor
// alone. Every reminder is posted exactly once.

const SIGNING_SECRET = 'replica-test-signing-secret';
const SUBMISSIONS = 100;
/** Updates published, then made due, while both replicas run. */
const WARM_UP = 10;
/** The survivor's first sweep comes 30 s after it started (the production interval): wait for it and a margin. */
const SETTLE_DEADLINE_MS = 45_000;
const REMINDER_DEADLINE_MS = 15_000;

const postedOk = (call: RecordedCall) => (call.response as { ok?: boolean }).ok === true;
/** The submission a reminder is about: its buttons carry the id. */
const reminderSubmissionId = (call: RecordedCall) =>
  String(
    (call.args.blocks as { block_id?: string; elements?: { value: string }[] }[]).find(
      (block) => block.block_id === REMINDER_ACTIONS_BLOCK_ID,
    )!.elements![0]!.value,
  );

describe('two replicas on one PostgreSQL, one SIGKILLed halfway', () => {
  let world: HeraldProcessWorld;

  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: SIGNING_SECRET, dataDirPrefix: 'herald-replicas-', postgres: true });
  });
  afterAll(() => world?.close());

  const requesterFor = (replica: HeraldProcess): SlackRequester => world.requesterFor(replica.port);

  /**
   * The published submissions of these posts, as if published 16 minutes ago: their 15-minute reminders (the rows
   * scheduled when they were published) are due.
   */
  async function makeDue(postIds: string[]): Promise<string[]> {
    const client = new pg.Client({ connectionString: world.database!.url });
    await client.connect();
    try {
      const moved = await client.query<{ id: string }>(
        `update submissions
            set published_at = to_char((published_at::timestamptz - interval '16 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          where state = 'published' and post_id = any($1)
          returning id`,
        [postIds],
      );
      const ids = moved.rows.map((row) => row.id);
      await client.query(
        `update reminders
            set due_at = to_char((due_at::timestamptz - interval '16 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          where state = 'due' and submission_id = any($1)`,
        [ids],
      );
      return ids;
    } finally {
      await client.end();
    }
  }

  /** Reminders Slack accepted, counted by submission id. */
  const remindersById = () => {
    const counts = new Map<string, number>();
    for (const call of world.slack.calls.filter((candidate) => isReminder(candidate) && postedOk(candidate))) {
      const id = reminderSubmissionId(call);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  const remindersPostedBy = (replica: HeraldProcess) =>
    replica
      .output()
      .split('\n')
      .filter((line) => line.includes('reminded the channel')).length;

  it('publishes every submission exactly once and echoes it; each due reminder fires once', async () => {
    const { slack, pagerduty } = world;
    const seed = pagerduty.seed!;
    // Started together, as a rolling deploy or a fresh cluster does: both run the migrations at once.
    const env = { HERALD_REMINDER_POLL_MS: '200' };
    const [survivor, victim] = await Promise.all([world.start(env), world.start(env)]);
    const requesters = [requesterFor(survivor), requesterFor(victim)] as const;

    const driver = world.driverFor(survivor.port);
    let base = await openUpdateForm(driver);
    base = await choosePost(driver, base, `incident:${seed.incidentPostId}`);
    const posts: PostRef[] = [];
    for (let i = 0; i < WARM_UP + SUBMISSIONS; i += 1) {
      const post = pagerduty.state.addPost(seed.pageId, { title: `Replica test ${i}`, postType: 'incident' });
      posts.push({ id: post.id, title: post.title, kind: 'incident' });
    }
    const views: StoredView[] = [];
    for (const post of posts) views.push(await openFormCopy(slack, base, post));

    const tagOf = (i: number) => (i < WARM_UP ? `WARMUP-${String(i).padStart(3, '0')}` : `REPLICA-${String(i - WARM_UP).padStart(3, '0')}`);
    const submit = async (i: number, requester: SlackRequester) => {
      const values = copyValues(views[i]!, posts[i]!, {
        [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
        [FORM_BLOCKS.severity]: seed.severities.incident.major!,
        [FORM_BLOCKS.message]: `${tagOf(i)} Checkout is failing for some customers; rollback in progress.`,
        [FORM_BLOCKS.nextUpdate]: '15',
      });
      const response = await requester.viewSubmission(viewSubmissionPayload({ view: views[i]!, values }));
      expect(response.status).toBe(200);
      expect((response.json as { response_action?: string }).response_action).toBe('update');
    };
    const echoesOf = (i: number) =>
      slack
        .callsOf('chat.postMessage')
        .filter((call) => postedOk(call) && !isSummaryCall(call) && !isReminder(call) && JSON.stringify(call.args).includes(tagOf(i)));
    const indexes = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

    // Warm-up, both replicas alive: ten updates published, then made due; both replicas race for each reminder.
    await Promise.all(indexes(0, WARM_UP).map((i) => submit(i, requesters[i % 2]!)));
    await waitUntil(
      () => indexes(0, WARM_UP).every((i) => echoesOf(i).length >= 1),
      SETTLE_DEADLINE_MS,
      'the warm-up echoed',
      () => survivor.output(),
    );
    const warmUpDue = await makeDue(posts.slice(0, WARM_UP).map((post) => post.id));
    expect(warmUpDue).toHaveLength(WARM_UP);
    await waitUntil(
      () => warmUpDue.every((id) => remindersById().has(id)),
      REMINDER_DEADLINE_MS,
      'the warm-up reminders',
      () => survivor.output() + victim.output(),
    );
    // Each replica logs a reminder just after Slack took it: its line may reach us a moment after the call.
    await waitUntil(
      () => remindersPostedBy(survivor) + remindersPostedBy(victim) >= WARM_UP,
      REMINDER_DEADLINE_MS,
      'the warm-up reminders logged',
      () => survivor.output() + victim.output(),
    );
    const warmUpShares = [remindersPostedBy(survivor), remindersPostedBy(victim)] as const;

    // PagerDuty answers slowly from here on, so the victim dies with publishes in flight.
    pagerduty.setFaultPicker((call) => (call.operationId === 'createStatusPagePostUpdate' ? { type: 'latency', ms: 1_000 } : undefined));
    // First half: alternately to each replica. The victim has acknowledged (so stored) its share when killed.
    const half = SUBMISSIONS / 2;
    await Promise.all(indexes(WARM_UP, WARM_UP + half).map((i) => submit(i, requesters[(i - WARM_UP) % 2]!)));
    victim.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    // The victim's share (odd indexes) already on PagerDuty when it died: fewer than all, or the kill proved nothing.
    const victimsStoredAtKill = indexes(WARM_UP, WARM_UP + half).filter(
      (i) => (i - WARM_UP) % 2 === 1 && pagerduty.state.updatesOf(posts[i]!.id).length > 1,
    ).length;
    // Second half: the load balancer sends everything to the survivor.
    await Promise.all(indexes(WARM_UP + half, WARM_UP + SUBMISSIONS).map((i) => submit(i, requesters[0])));
    await waitUntil(
      () => posts.every((_, i) => echoesOf(i).length >= 1),
      SETTLE_DEADLINE_MS,
      'every submission echoed',
      () => survivor.output(),
    );

    // After the kill, the survivor alone: the hundred come due.
    const mainDue = await makeDue(posts.slice(WARM_UP).map((post) => post.id));
    expect(mainDue).toHaveLength(SUBMISSIONS);
    await waitUntil(
      () => mainDue.every((id) => remindersById().has(id)),
      REMINDER_DEADLINE_MS,
      'every reminder after the kill',
      () => survivor.output(),
    );
    // A moment for a duplicate echo or reminder to show, then stop the survivor the friendly way.
    await new Promise((resolve) => setTimeout(resolve, 500));
    survivor.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);

    const perPost = posts.map((post, i) => ({
      tag: tagOf(i),
      entries: pagerduty.state.updatesOf(post.id).filter((update) => update.message.includes(tagOf(i))).length,
      echoes: echoesOf(i).length,
    }));
    const due = [...warmUpDue, ...mainDue];
    const reminders = remindersById();
    console.log(
      `replicas: ${SUBMISSIONS} submissions, ${victimsStoredAtKill} of the killed replica's ${half / 2} published when it died; the survivor finished the rest. ` +
        `${WARM_UP} warm-up reminders posted by survivor/victim: ${warmUpShares.join('/')}; ${SUBMISSIONS} after the kill by the survivor`,
    );
    expect(perPost).toEqual(perPost.map((row) => ({ ...row, entries: 1, echoes: 1 })));
    expect(victimsStoredAtKill).toBeLessThan(half / 2);
    expect(due.map((id) => [id, reminders.get(id)])).toEqual(due.map((id) => [id, 1]));
    expect(reminders.size).toBe(WARM_UP + SUBMISSIONS);
    expect(warmUpShares[0] + warmUpShares[1]).toBe(WARM_UP);
    expect(slack.calls.filter((call) => isReminder(call) && !postedOk(call))).toEqual([]);
    expect(pagerduty.violations.filter((violation) => violation.direction === 'request')).toEqual([]);
    expect(survivor.output()).not.toContain(slack.botToken);
  }, 75_000);
});

/** Looks every 50 ms: a hundred submissions' worth of fake calls is scanned at each look. */
function waitUntil(condition: () => boolean, timeoutMs: number, what: string, context?: () => string): Promise<void> {
  return pollUntil(condition, timeoutMs, what, context, 50);
}
