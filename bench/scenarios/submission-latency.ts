import { setTimeout as sleep } from 'node:timers/promises';
import type { DefaultSeed } from '../../test/fakes/fake-pagerduty-state.js';
import type { FakeSlack, StoredView } from '../../test/fakes/fake-slack.js';
import { valuesFromView, viewSubmissionPayload, type Pick } from '../../test/support/slack-payloads.js';
import { openFilledForm, pickPost } from '../support/form-steps.js';
import { sentAt as wireSentAt, startFakes, startHerald, type RunningApp } from '../support/stack.js';
import { summarise, type LatencySummary } from '../support/stats.js';
import { waitUntil } from '../support/wait.js';
import type { Arrival } from '../support/wire.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Forms are opened and filled first; then they are submitted `burstSize` at a time, every PagerDuty
// answer held back until `providerLatencyMs` after its request arrived (by the wire's proxy, so the
// fake's own checks run inside that time, not after it). Timed on the wire from sending each signed
// view_submission to (a) its POST arriving at the provider and (b) its echo's chat.postMessage
// arriving at the fake Slack; (b) less the injected latency, the only provider time it contains. Each
// message carries a marker, so every arrival is matched to its submit.

export interface SubmissionLatency {
  providerLatencyMs: number;
  submissions: number;
  burstSize: number;
  toProvider: LatencySummary;
  /** Minus the injected provider latency. */
  toEcho: LatencySummary;
  /** Provider request arrived → its answer handed back: the injected latency, unless the fake took longer. */
  providerAnswer: LatencySummary;
}

export async function measureSubmissionLatency(
  submissions: number,
  burstSize: number,
  providerLatencyMs: number,
): Promise<SubmissionLatency> {
  const fakes = await startFakes({}, { timed: true });
  const provider = fakes.wire!.provider;
  const herald = await startHerald(fakes);
  try {
    const seed = fakes.pagerduty.seed!;
    const forms: StoredView[] = [];
    // One more form than measured: the first submission warms up the code paths (and the provider
    // connection) and is not counted.
    for (let i = 0; i <= submissions; i += 1) {
      const filled = await openFilledForm(herald, fakes.slack);
      forms.push((await pickPost(herald, fakes.slack, filled.view, `incident:${seed.incidentPostId}`)).view);
    }

    provider.holdAnswers(providerLatencyMs);
    const echoedAt = echoTimes(fakes.slack);
    await submit(herald, forms.shift()!, seed, 'warm-up');
    await echoed(echoedAt, ['warm-up']);
    const sentAt: number[] = [];
    for (let start = 0; start < forms.length; start += burstSize) {
      const labels = forms.slice(start, start + burstSize).map((_, offset) => label(start + offset));
      sentAt.push(...(await Promise.all(labels.map((each, offset) => submit(herald, forms[start + offset]!, seed, each)))));
      await echoed(echoedAt, labels);
      if (burstSize > 1) await sleep(100); // let the burst's after-effects (result views) settle
    }

    await waitUntil(
      () => (provider.arrivals.every((arrival) => arrival.answeredAt !== null) ? true : undefined),
      5_000,
      'the provider answers',
    );
    const posts = provider.arrivals.filter((arrival) => arrival.method === 'POST');
    const echoes = sentAt.map((sent, i) => ({ sent, post: arrivalOf(posts, i), echo: echoedAt(label(i))! }));
    return {
      providerLatencyMs,
      submissions,
      burstSize,
      toProvider: summarise(echoes.map(({ sent, post }) => post.at - sent)),
      toEcho: summarise(echoes.map(({ sent, echo }) => echo - sent - providerLatencyMs)),
      providerAnswer: summarise(echoes.map(({ post }) => answeredAt(post) - post.at)),
    };
  } finally {
    await herald.stop();
    await fakes.close();
  }
}

const label = (i: number) => String(i).padStart(5, '0');
const marker = (label: string) => `bench-submission-${label}`;

/** Submits the form with a marked message; resolves with when it was sent. */
async function submit(herald: RunningApp, view: StoredView, seed: DefaultSeed, label: string): Promise<number> {
  const picks: Record<string, Pick> = {
    [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
    [FORM_BLOCKS.severity]: seed.severities.incident.major!,
    [FORM_BLOCKS.message]: `Checkout errors are falling after the rollback (${marker(label)}).`,
    [`impact:${seed.serviceIds[0]}`]: seed.impacts.incident.partialOutage!,
    [FORM_BLOCKS.nextUpdate]: '30',
  };
  const payload = viewSubmissionPayload({ view, values: valuesFromView(view, picks) });
  const response = await herald.requester.viewSubmission(payload);
  const ack = response.json as { response_action?: string } | undefined;
  if (response.status !== 200 || ack?.response_action !== 'update') {
    throw new Error(`submission ${label} was not accepted: ${response.status} ${response.body.slice(0, 300)}`);
  }
  return wireSentAt(response);
}

/**
 * When each marked submission's echo reached the fake Slack: the first chat.postMessage carrying its marker
 * (the channel summary, posted once after the first echo, quotes a message too, but always after its echo).
 * Scans only the calls that came in since it last looked.
 */
function echoTimes(slack: FakeSlack): (label: string) => number | undefined {
  const at = new Map<string, number>();
  let scanned = 0;
  return (label) => {
    const calls = slack.calls;
    for (; scanned < calls.length; scanned += 1) {
      const call = calls[scanned]!;
      if (call.method !== 'chat.postMessage') continue;
      const marked = /bench-submission-([\w-]+)/.exec(JSON.stringify(call.args));
      if (!marked || at.has(marked[1]!)) continue;
      // A refused echo (Herald then falls back to the response_url) is not the path being measured.
      const answer = call.response as { ok?: boolean; error?: string } | undefined;
      if (answer?.ok !== true) throw new Error(`the echo of ${marked[1]} was refused by the fake Slack: ${answer?.error ?? 'no answer'}`);
      at.set(marked[1]!, call.at);
    }
    return at.get(label);
  };
}

async function echoed(echoedAt: (label: string) => number | undefined, labels: string[]): Promise<void> {
  await waitUntil(
    () => (labels.every((each) => echoedAt(each) !== undefined) ? true : undefined),
    30_000,
    `the echoes of ${labels.join(', ')}`,
  );
}

function arrivalOf(posts: Arrival[], i: number): Arrival {
  const found = posts.find((arrival) => arrival.body.includes(marker(label(i))));
  if (!found) throw new Error(`submission ${i} never reached the provider`);
  return found;
}

function answeredAt(post: Arrival): number {
  if (post.answeredAt === null) throw new Error(`the provider never answered ${post.path}`);
  return post.answeredAt;
}
