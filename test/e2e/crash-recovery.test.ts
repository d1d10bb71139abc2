import type { FakeFault } from '../fakes/fake-pagerduty.js';
import type { FakeSlack, StoredView } from '../fakes/fake-slack.js';
import { copyValues, openFormCopy, type PostRef } from '../support/form-copies.js';
import { viewSubmissionPayload } from '../support/slack-payloads.js';
import { isSummaryCall } from '../support/summary-messages.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import type { HeraldProcess } from '../support/herald-process.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { waitUntil } from '../support/wait-until.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Herald as it runs in production (`node dist/main.js`, built by `npm test` before jest), SIGKILLed while
// submissions are in flight, then started again on the same database. Every submission must end up
// published exactly once and echoed once. The submissions are caught in four different moments:
//   0: finished before the kill (published and echoed): the restart must leave them alone;
//   1: sent, PagerDuty slow to process it (stored only after the kill);
//   2: sent and stored, the answer still on its way when the process died;
//   3: sent, never processed (the connection died with the process): the restart must send it again.
// On PostgreSQL the restarted process takes over at once: the dead one's owner lock went with its session,
// so nothing waits for its 60-second leases (the test gives it far less than that).

const SIGNING_SECRET = 'crash-test-signing-secret';
const SUBMISSIONS = 12;
/** Well under the 60 s lease: finishing within this proves the restart did not wait the leases out. */
const RECOVERY_DEADLINE_MS = 30_000;

const MOMENTS: Array<FakeFault | undefined> = [
  undefined,
  { type: 'latency', ms: 300 },
  { type: 'latency-after', ms: 5_000 },
  { type: 'timeout-before' },
];

describe.each(['sqlite', 'postgres'] as const)('killed mid-publish on %s, then restarted', (engine) => {
  let world: HeraldProcessWorld;
  let running: HeraldProcess | undefined;

  beforeAll(async () => {
    world = await openHeraldProcessWorld({
      signingSecret: SIGNING_SECRET,
      dataDirPrefix: 'herald-crash-',
      postgres: engine === 'postgres',
    });
  });
  afterAll(() => world?.close());

  it('publishes every submission exactly once and echoes it', async () => {
    const { slack, pagerduty } = world;
    const seed = pagerduty.seed!;
    running = await world.start();
    const driver = world.driverFor(running.port);
    let base = await openUpdateForm(driver);
    base = await choosePost(driver, base, `incident:${seed.incidentPostId}`);

    const posts: PostRef[] = [];
    const momentOf = new Map<string, number>();
    for (let i = 0; i < SUBMISSIONS; i += 1) {
      const post = pagerduty.state.addPost(seed.pageId, { title: `Crash test ${i}`, postType: 'incident' });
      posts.push({ id: post.id, title: post.title, kind: 'incident' });
      momentOf.set(post.id, i % MOMENTS.length);
    }
    const firstSend = new Set<string>();
    pagerduty.setFaultPicker((call) => {
      const postId = /\/posts\/([^/]+)\/post_updates$/.exec(call.path)?.[1];
      if (call.operationId !== 'createStatusPagePostUpdate' || postId === undefined || firstSend.has(postId)) return undefined;
      firstSend.add(postId);
      return MOMENTS[momentOf.get(postId) ?? 0];
    });

    const views: StoredView[] = [];
    for (const post of posts) views.push(await openFormCopy(slack, base, post));
    const tagOf = (i: number) => `CRASH-${String(i).padStart(2, '0')}`;
    await Promise.all(
      views.map(async (view, i) => {
        const values = copyValues(view, posts[i]!, {
          [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
          [FORM_BLOCKS.severity]: seed.severities.incident.major!,
          [FORM_BLOCKS.message]: `${tagOf(i)} Checkout is failing for some customers; rollback in progress.`,
        });
        const response = await driver.requester.viewSubmission(viewSubmissionPayload({ view, values }));
        expect(response.status).toBe(200);
        expect((response.json as { response_action?: string }).response_action).toBe('update');
      }),
    );

    // Every submission has been sent once, and the ones without a fault are echoed: now the process dies.
    const echoesOf = (i: number) =>
      slack
        .callsOf('chat.postMessage')
        .filter(
          (call) => (call.response as { ok?: boolean }).ok === true && !isSummaryCall(call) && JSON.stringify(call.args).includes(tagOf(i)),
        );
    const finishedBeforeKill = posts.map((_, i) => i).filter((i) => i % MOMENTS.length === 0);
    // (Killed once their modals show the result: an echo is recorded right after Slack accepts it, and a
    // kill inside that one database write would have the restart post it again; see docs/reliability.md.)
    await waitUntil(
      () => firstSend.size === SUBMISSIONS && finishedBeforeKill.every((i) => resultShown(slack, views[i]!)),
      20_000,
      'all sent',
    );
    running.kill('SIGKILL');
    expect(await running.exited).toBeNull(); // killed by the signal, not exited
    const storedAtKill = posts.filter((post) => pagerduty.state.updatesOf(post.id).length > 1).length;

    running = await world.start();
    const restartedAt = Date.now();
    await waitUntil(
      () => posts.every((_, i) => echoesOf(i).length >= 1),
      RECOVERY_DEADLINE_MS,
      'every submission echoed after the restart',
      () => running?.output() ?? '',
    );
    const recoveredMs = Date.now() - restartedAt;
    // Let the restarted process finish (a duplicate would show now) and stop it the friendly way.
    await waitUntil(() => views.every((view) => resultShown(slack, view)), 10_000, 'every modal showing its result');
    running.kill('SIGTERM');
    expect(await running.exited).toBe(0);

    const perPost = posts.map((post, i) => ({
      tag: tagOf(i),
      moment: i % MOMENTS.length,
      entries: pagerduty.state.updatesOf(post.id).filter((update) => update.message.includes(tagOf(i))).length,
      echoes: echoesOf(i).length,
      modal: (slack.getView(views[i]!.id)?.title as { text?: string } | undefined)?.text,
    }));
    console.log(
      `crash recovery on ${engine}: ${SUBMISSIONS} submissions, ${storedAtKill} stored at the provider when killed; ` +
        `all echoed ${recoveredMs} ms after the restart was ready; ` +
        `resent after the restart: ${pagerduty.calls.filter((call) => call.operationId === 'createStatusPagePostUpdate').length - SUBMISSIONS}`,
    );
    expect(perPost).toEqual(perPost.map((row) => ({ ...row, entries: 1, echoes: 1, modal: 'Update published' })));
    expect(pagerduty.violations.filter((violation) => violation.direction === 'request')).toEqual([]);
    expect(running.output()).not.toContain(slack.botToken);
  }, 90_000);
});

function resultShown(slack: FakeSlack, view: StoredView): boolean {
  return slack.getView(view.id)?.callback_id === RESULT_VIEW_CALLBACK_ID;
}
