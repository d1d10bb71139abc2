import { setTimeout as sleep } from 'node:timers/promises';
import { FORM_BLOCKS } from '../../src/slack/blocks/ids.js';
import type { DefaultSeed } from '../../test/fakes/fake-pagerduty-state.js';
import type { FakeSlack, StoredView } from '../../test/fakes/fake-slack.js';
import { valuesFromView, viewSubmissionPayload, type Pick } from '../../test/support/slack-payloads.js';
import { startArrivalProxy, type Arrival } from '../support/arrival-proxy.js';
import { openFilledForm, pickPost } from '../support/form-steps.js';
import { startFakes, startHerald, type RunningApp } from '../support/stack.js';
import { summarise, type LatencySummary } from '../support/stats.js';
import { waitUntil } from '../support/wait.js';

// Forms are opened and filled first; then they are submitted `burstSize` at a time, the fake
// PagerDuty answering every request `providerLatencyMs` late. Timed from sending each signed
// view_submission to (a) its POST arriving at the provider (at a pass-through proxy) and (b) its
// echo's chat.postMessage arriving at the fake Slack. The injected latency is subtracted from (b),
// the only one it delays. Each message carries a marker, so every arrival is matched to its submit.

export interface SubmissionLatency {
  providerLatencyMs: number;
  submissions: number;
  burstSize: number;
  toProvider: LatencySummary;
  /** Minus the injected provider latency. */
  toEcho: LatencySummary;
}

export async function measureSubmissionLatency(submissions: number, burstSize: number, providerLatencyMs: number): Promise<SubmissionLatency> {
  const fakes = await startFakes();
  const proxy = await startArrivalProxy(fakes.pagerduty.url);
  const herald = await startHerald(fakes, { pagerdutyUrl: proxy.url });
  try {
    const seed = fakes.pagerduty.seed!;
    const forms: StoredView[] = [];
    // One more form than measured: the first submission warms up the code paths (and the provider
    // connection) and is not counted.
    for (let i = 0; i <= submissions; i += 1) {
      const filled = await openFilledForm(herald, fakes.slack);
      forms.push((await pickPost(herald, fakes.slack, filled.view, `incident:${seed.incidentPostId}`)).view);
    }

    fakes.pagerduty.setLatency(providerLatencyMs);
    await submit(herald, forms.shift()!, seed, 'warm-up');
    await echoesAtLeast(fakes.slack, 1);
    const sentAt: number[] = [];
    for (let start = 0; start < forms.length; start += burstSize) {
      const burst = forms.slice(start, start + burstSize);
      sentAt.push(...(await Promise.all(burst.map((view, offset) => submit(herald, view, seed, label(start + offset))))));
      await echoesAtLeast(fakes.slack, 1 + start + burst.length);
      if (burstSize > 1) await sleep(100); // let the burst's after-effects (result views) settle
    }

    const posts = proxy.arrivals.filter((arrival) => arrival.method === 'POST');
    const echoes = echoesIn(fakes.slack);
    return {
      providerLatencyMs,
      submissions,
      burstSize,
      toProvider: summarise(sentAt.map((sent, i) => arrivalOf(posts, i).at - sent)),
      toEcho: summarise(sentAt.map((sent, i) => echoOf(echoes, i) - sent - providerLatencyMs)),
    };
  } finally {
    await herald.stop();
    await proxy.close();
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
  const sentAt = Date.now();
  const response = await herald.requester.viewSubmission(payload);
  const ack = response.json as { response_action?: string } | undefined;
  if (response.status !== 200 || ack?.response_action !== 'update') {
    throw new Error(`submission ${label} was not accepted: ${response.status} ${response.body.slice(0, 300)}`);
  }
  return sentAt;
}

async function echoesAtLeast(slack: FakeSlack, count: number): Promise<void> {
  await waitUntil(() => (echoesIn(slack).length >= count ? true : undefined), 30_000, `${count} echoes`);
}

function echoesIn(slack: FakeSlack) {
  return slack.callsOf('chat.postMessage');
}

function arrivalOf(posts: Arrival[], i: number): Arrival {
  const found = posts.find((arrival) => arrival.body.includes(marker(label(i))));
  if (!found) throw new Error(`submission ${i} never reached the provider`);
  return found;
}

function echoOf(echoes: ReturnType<typeof echoesIn>, i: number): number {
  const found = echoes.find((call) => JSON.stringify(call.args).includes(marker(label(i))));
  if (!found) throw new Error(`submission ${i} was never echoed`);
  return found.at;
}
