import { setTimeout as sleep } from 'node:timers/promises';
import type { FakePagerDuty } from '../../test/fakes/fake-pagerduty.js';
import type { FakeSlack, RecordedCall } from '../../test/fakes/fake-slack.js';
import { sentAt as wireSentAt, startFakes, startHerald, type RunningApp } from '../support/stack.js';
import { summarise, type LatencySummary } from '../support/stats.js';
import { waitUntil } from '../support/wait.js';

// Bursts of 10 `/status-update` commands sent at the same instant (10 responders at once), timed
// from the moment each signed request is sent to the moment its views.open reaches the fake Slack (both as
// the wire saw them).
// Herald's cache starts cold, so with a slow status page every burst in the first seconds finds
// the lists still loading, and the later ones arrive while the delayed fills flood back: the form
// must open without waiting on either.

export const BURST_SIZE = 10;

export interface OpenFormLatency extends LatencySummary {
  providerLatencyMs: number;
  /** What was typed after `/status-update`: '' (the update form) or 'new' (the create form). */
  commandText: string;
  bursts: number;
  /** views.open calls Slack refused (an expired trigger_id would mean the form opened too late). */
  refused: number;
}

export async function measureOpenFormLatency(
  providerLatencyMs: number,
  bursts: number,
  pauseMs: number,
  commandText = '',
): Promise<OpenFormLatency> {
  const fakes = await startFakes({}, { timed: true });
  const herald = await startHerald(fakes);
  try {
    const sentAt = new Map<string, number>();
    await warmUp(herald, fakes.slack, fakes.pagerduty, sentAt, commandText);
    fakes.pagerduty.setLatency(providerLatencyMs);
    const opened: RecordedCall[] = [];
    for (let burst = 0; burst < bursts; burst += 1) {
      const since = fakes.slack.calls.length;
      await sendBurst(herald, fakes.slack, sentAt, commandText);
      opened.push(...(await viewsOpenedSince(fakes.slack, since)));
      await sleep(pauseMs);
    }
    return {
      providerLatencyMs,
      commandText,
      bursts,
      refused: opened.filter((call) => call.response?.ok !== true).length,
      ...summarise(opened.map((call) => call.at - sentTime(sentAt, call))),
    };
  } finally {
    await herald.stop();
    await fakes.close();
  }
}

/**
 * One uncounted burst while the provider refuses every request (401, never retried): the code
 * paths get compiled, and a failed load is not cached, so the measured bursts still start cold.
 */
async function warmUp(
  herald: RunningApp,
  slack: FakeSlack,
  pagerduty: FakePagerDuty,
  sentAt: Map<string, number>,
  commandText: string,
): Promise<void> {
  pagerduty.inject({ route: '*', times: 1_000_000, fault: { status: 401 } });
  const since = slack.calls.length;
  await sendBurst(herald, slack, sentAt, commandText);
  await viewsOpenedSince(slack, since);
  await waitUntil(
    () => (slack.calls.slice(since).filter((call) => call.method === 'views.update').length >= BURST_SIZE ? true : undefined),
    10_000,
    'the warm-up forms to show the failed load',
  );
  pagerduty.clearFaults();
}

/** Ten signed commands at once (each signed as it is sent, with its own trigger_id). */
async function sendBurst(herald: RunningApp, slack: FakeSlack, sentAt: Map<string, number>, commandText: string): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: BURST_SIZE }, async () => {
      const triggerId = slack.newTriggerId();
      const answer = await herald.requester.command({ trigger_id: triggerId, text: commandText });
      if (answer.status === 200) sentAt.set(triggerId, wireSentAt(answer));
      return answer;
    }),
  );
  const refused = answers.filter((answer) => answer.status !== 200);
  if (refused.length > 0) throw new Error(`${refused.length} commands were answered ${refused[0]!.status}`);
}

async function viewsOpenedSince(slack: FakeSlack, since: number): Promise<RecordedCall[]> {
  return waitUntil(
    () => {
      const calls = slack.calls.slice(since).filter((call) => call.method === 'views.open');
      return calls.length >= BURST_SIZE ? calls : undefined;
    },
    10_000,
    `${BURST_SIZE} views.open calls`,
  );
}

function sentTime(sentAt: Map<string, number>, call: RecordedCall): number {
  const sent = sentAt.get(String(call.args.trigger_id));
  if (sent === undefined) throw new Error(`views.open with a trigger_id the benchmark never sent: ${String(call.args.trigger_id)}`);
  return sent;
}
