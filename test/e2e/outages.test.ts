import { FAKE_CHANNEL, type StoredView } from '../fakes/fake-slack.js';
import { copyValues, openFormCopy, type PostRef } from '../support/form-copies.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { viewSubmissionPayload } from '../support/slack-payloads.js';
import { isSummaryCall } from '../support/summary-messages.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import { waitUntil } from '../support/wait-until.js';
import { formSubmitKey } from '../../src/submitting/submission-key.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A dependency goes away under load, and comes back. PostgreSQL behind a proxy the test cuts for 10 seconds
// (every connection dropped, new ones refused: the machine's server is never touched), and Slack's API answering
// 503, or hanging 30 seconds, for a while. Submissions keep arriving throughout. Each one must end stored and
// then published exactly once and echoed, or refused at submit with its text kept in the form; Herald recovers
// by itself, with no restart, and /readyz says what is wrong meanwhile.

interface Submitted {
  tag: string;
  post: PostRef;
  view: StoredView;
  /** What the submit was answered: stored ("Publishing…") or refused (a field error, the form kept). */
  answer: 'stored' | 'refused';
  refusal?: string;
}

interface Tally {
  made: number;
  publishedOnce: number;
  refusedTextKept: number;
  /** Refused, though the database had in fact kept it (its answer was lost in the cut): published once all the same. */
  refusedButPublished: number;
  lost: number;
  duplicates: number;
  problems: string[];
}

/** Opens a form on a fresh post for each of `count` submissions, before the outage (opening needs Slack). */
async function prepare(h: Harness, count: number, prefix: string): Promise<{ post: PostRef; view: StoredView; tag: string }[]> {
  const seed = h.pagerduty.seed!;
  let base = await openUpdateForm(h);
  base = await choosePost(h, base, `incident:${seed.incidentPostId}`);
  const forms = [];
  for (let i = 0; i < count; i += 1) {
    const added = h.pagerduty.state.addPost(seed.pageId, { title: `${prefix} ${i}`, postType: 'incident', status: 'investigating' });
    const post: PostRef = { id: added.id, title: added.title, kind: 'incident' };
    forms.push({ post, view: await openFormCopy(h.slack, base, post), tag: `${prefix}-${String(i).padStart(2, '0')}` });
  }
  return forms;
}

/** Submits one prepared form; the answer says whether it was stored or refused with a field error. */
async function submit(h: Harness, form: { post: PostRef; view: StoredView; tag: string }): Promise<Submitted> {
  const seed = h.pagerduty.seed!;
  const values = copyValues(form.view, form.post, {
    [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
    [FORM_BLOCKS.severity]: seed.severities.incident.major!,
    [FORM_BLOCKS.message]: `${form.tag} Checkout errors are back to normal; we keep watching.`,
  });
  const response = await h.requester.viewSubmission(viewSubmissionPayload({ view: form.view, values }));
  if (response.status !== 200) throw new Error(`${form.tag}: answered ${response.status}`);
  const ack = response.json as { response_action?: string; errors?: Record<string, string> };
  if (ack.response_action === 'update') return { ...form, answer: 'stored' };
  if (ack.response_action === 'errors' && ack.errors?.[FORM_BLOCKS.message])
    return { ...form, answer: 'refused', refusal: ack.errors[FORM_BLOCKS.message] };
  throw new Error(`${form.tag}: answered ${JSON.stringify(ack)}`);
}

/** What became of each submission, once Herald has had its chance to recover. */
async function tally(h: Harness, submitted: Submitted[]): Promise<Tally> {
  const echoes = h.slack
    .callsOf('chat.postMessage')
    .filter((call) => (call.response as { ok?: boolean } | undefined)?.ok === true && !isSummaryCall(call));
  const result: Tally = {
    made: submitted.length,
    publishedOnce: 0,
    refusedTextKept: 0,
    refusedButPublished: 0,
    lost: 0,
    duplicates: 0,
    problems: [],
  };
  for (const one of submitted) {
    const entries = h.pagerduty.state.updatesOf(one.post.id).filter((update) => update.message.includes(one.tag));
    const echoed = echoes.filter((call) => JSON.stringify(call.args).includes(one.tag)).length;
    const stored = await h.stores.submissions.findSubmissionByKey(formSubmitKey(one.view as { id: string; hash: string }));
    if (entries.length > 1) result.duplicates += 1;
    const published = entries.length === 1 && echoed === 1 && stored?.state === 'published';
    if (one.answer === 'stored' && published) result.publishedOnce += 1;
    else if (one.answer === 'refused' && !stored && entries.length === 0) result.refusedTextKept += 1;
    else if (one.answer === 'refused' && published) result.refusedButPublished += 1;
    else {
      result.lost += 1;
      result.problems.push(
        `${one.tag}: answered ${one.answer}, stored ${stored?.state ?? 'no'}, ${entries.length} entries, ${echoed} echoes`,
      );
    }
  }
  return result;
}

function report(what: string, t: Tally, seconds: number): string {
  return [
    `${what}: ${t.made} submissions in ${seconds.toFixed(1)} s`,
    `  stored, published once and echoed: ${t.publishedOnce}`,
    `  refused at submit, text kept in the form: ${t.refusedTextKept}`,
    `  refused, yet stored and published once (the database kept what it could not confirm): ${t.refusedButPublished}`,
    `  lost: ${t.lost}, duplicates: ${t.duplicates}`,
    ...t.problems.slice(0, 10),
  ].join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyz(h: Harness): Promise<{ status: number; body: { reason?: string } }> {
  const response = await fetch(`${h.baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as { reason?: string } };
}

/** Herald on PostgreSQL through a proxy the test cuts; sweeps and leases short, so recovery is seen within seconds. */
function startBehindDatabaseProxy(): Promise<Harness> {
  return startHarness({
    engine: 'postgres',
    databaseProxy: true,
    channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
    maxUpdatesPerMinute: 0,
    publishing: { sweepMs: 500, settleMs: 100, leaseMs: 10_000, heartbeatMs: 1_000 },
    readiness: { tokenCacheMs: 60_000, failureCacheMs: 0 },
  });
}

describe('PostgreSQL gone for 10 seconds under load (a proxy cut, the server untouched)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startBehindDatabaseProxy();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every submission is published once and echoed, or refused with its text kept; Herald recovers by itself', async () => {
    const forms = await prepare(h, 40, 'DB');
    const started = Date.now();
    const submitted: Promise<Submitted>[] = [];
    let duringOutage: { status: number; body: { reason?: string } } | undefined;
    for (const [i, form] of forms.entries()) {
      if (i === 8) h.databaseProxy!.cut();
      if (i === 16) duringOutage = await readyz(h);
      if (i === 33) h.databaseProxy!.restore(); // 25 submissions, 10 s, into the outage
      submitted.push(submit(h, form));
      await sleep(400);
    }
    const answers = await Promise.all(submitted);
    await waitUntil(async () => (await tally(h, answers)).lost === 0, 30_000, 'every stored submission published and echoed');
    await h.herald.publisher.idle();
    const t = await tally(h, answers);
    console.log(report('PostgreSQL cut for 10 s', t, (Date.now() - started) / 1000));

    expect(duringOutage).toEqual({
      status: 503,
      body: expect.objectContaining({ reason: expect.stringMatching(/^the store did not answer/) }),
    });
    expect(await readyz(h)).toEqual({ status: 200, body: { status: 'ready' } });
    expect(t.lost).toBe(0);
    expect(t.duplicates).toBe(0);
    expect(t.refusedTextKept).toBeGreaterThan(0); // the outage really was felt
    expect(t.publishedOnce).toBeGreaterThan(10);
    for (const refused of answers.filter((one) => one.answer === 'refused'))
      expect(refused.refusal).toMatch(/database did not answer.*text is still here/);
  }, 90_000);
});

describe('PostgreSQL silent for 6 seconds (a proxy that passes nothing and answers nothing)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startBehindDatabaseProxy();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every submit is still answered within Slack’s 3 seconds, and nothing is lost or published twice', async () => {
    const forms = await prepare(h, 15, 'ST');
    const started = Date.now();
    const submitted: Promise<Submitted & { tookMs: number }>[] = [];
    let duringStall: { status: number; body: { reason?: string } } | undefined;
    for (const [i, form] of forms.entries()) {
      if (i === 3) h.databaseProxy!.stall();
      if (i === 6) duringStall = await readyz(h);
      if (i === 12) h.databaseProxy!.restore();
      const sent = Date.now();
      submitted.push(submit(h, form).then((answer) => ({ ...answer, tookMs: Date.now() - sent })));
      await sleep(500);
    }
    const answers = await Promise.all(submitted);
    await waitUntil(async () => (await tally(h, answers)).lost === 0, 45_000, 'every stored submission published and echoed');
    await h.herald.publisher.idle();
    const t = await tally(h, answers);
    console.log(
      `${report('PostgreSQL silent for 6 s', t, (Date.now() - started) / 1000)}\n  slowest answer: ${Math.max(...answers.map((a) => a.tookMs))} ms`,
    );

    expect(Math.max(...answers.map((answer) => answer.tookMs))).toBeLessThan(3_000);
    expect(duringStall).toEqual({ status: 503, body: expect.objectContaining({ reason: 'the store did not answer (timeout)' }) });
    expect(t.lost).toBe(0);
    expect(t.duplicates).toBe(0);
    expect(t.refusedTextKept + t.refusedButPublished).toBeGreaterThan(0);
  }, 90_000);
});

describe.each([
  ['answering 503', { status: 503 }],
  ['hanging for 30 seconds', { latencyMs: 30_000 }],
] as const)("Slack's API %s, under load", (_what, fault) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
      maxUpdatesPerMinute: 0,
      publishing: { sweepMs: 500, settleMs: 100 },
    });
  });
  afterAll(async () => {
    h?.slack.endOutage();
    await h?.close();
  });

  it('every submission is stored and then published once and echoed once Slack is back; no restart', async () => {
    const forms = await prepare(h, 20, 'SL');
    const started = Date.now();
    h.slack.startOutage(fault);
    const submitted: Submitted[] = [];
    for (const form of forms) {
      submitted.push(await submit(h, form));
      await sleep(100);
    }
    // Slack is down long enough for every publish to reach it.
    await sleep('latencyMs' in fault ? 1_000 : 3_000);
    h.slack.endOutage();
    await waitUntil(async () => (await tally(h, submitted)).lost === 0, 60_000, 'every submission published and echoed');
    await h.herald.publisher.idle();
    const t = await tally(h, submitted);
    console.log(report(`Slack ${_what}`, t, (Date.now() - started) / 1000));
    expect(submitted.every((one) => one.answer === 'stored')).toBe(true); // the submit never needs Slack's API
    expect(t.lost).toBe(0);
    expect(t.duplicates).toBe(0);
    expect(t.publishedOnce).toBe(forms.length);
  }, 120_000);
});
