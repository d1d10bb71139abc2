import type { RecordedCall } from '../../test/fakes/fake-slack.js';
import { runSignedLoad } from '../support/signed-load.js';
import { BENCH_SIGNING_SECRET, commandBody, startFakes, startHerald } from '../support/stack.js';
import { summarise, type LatencySummary } from '../support/stats.js';
import { waitUntil } from '../support/wait.js';

// Slash command sent → views.open arriving at the fake Slack, with 10 commands in flight at once,
// for as long as `durationSeconds`. Herald starts cold, so with a slow status page every command in
// the run finds its lists still loading: the form must open without waiting for them.

export interface OpenFormLatency extends LatencySummary {
  providerLatencyMs: number;
  commands: number;
  /** views.open calls Slack refused (an expired trigger_id would mean the form opened too late). */
  refused: number;
}

export async function measureOpenFormLatency(providerLatencyMs: number, durationSeconds: number): Promise<OpenFormLatency> {
  const fakes = await startFakes();
  fakes.pagerduty.setLatency(providerLatencyMs);
  const herald = await startHerald(fakes);
  try {
    const sentAt = new Map<string, number>();
    const load = await runSignedLoad({
      baseUrl: herald.baseUrl,
      signingSecret: BENCH_SIGNING_SECRET,
      connections: 10,
      durationSeconds,
      nextBody: () => {
        const triggerId = fakes.slack.newTriggerId();
        sentAt.set(triggerId, Date.now());
        return commandBody(fakes.slack, triggerId);
      },
    });
    if (load.failures > 0) throw new Error(`${load.failures} commands were not acknowledged with 2xx`);
    // Only acknowledged commands open a form; autocannon may have built a last body it never sent.
    const opened = await waitUntil(() => {
      const calls = fakes.slack.callsOf('views.open');
      return calls.length >= load.requests ? calls : undefined;
    }, 10_000);
    return {
      providerLatencyMs,
      commands: load.requests,
      refused: opened.filter((call) => call.response?.ok !== true).length,
      ...summarise(opened.map((call) => call.at - sentTime(sentAt, call))),
    };
  } finally {
    await herald.stop();
    await fakes.close();
  }
}

function sentTime(sentAt: Map<string, number>, call: RecordedCall): number {
  const sent = sentAt.get(String(call.args.trigger_id));
  if (sent === undefined) throw new Error(`views.open with a trigger_id the benchmark never sent: ${String(call.args.trigger_id)}`);
  return sent;
}
