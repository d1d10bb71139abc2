import { openFilledForm, pickPost, type TimedView } from '../support/form-steps.js';
import { startFakes, startHerald } from '../support/stack.js';
import { summarise, type LatencySummary } from '../support/stats.js';

// A status page with 500 services and 200 open posts, nothing else configured, so Herald picks the
// page itself. After one warm-up pass (which loads and caches the lists), each sample, one at a
// time, times two steps from sending the signed request to the views.update that shows the result:
// `/status-update` → the form with the 200 posts offered, and picking an incident → the form with
// its statuses and the 500 services.

export const LARGE_PAGE = { services: 500, posts: 200 } as const;

export interface LargeFormLatency {
  samples: number;
  /** `/status-update` → views.update offering the 200 open posts. */
  afterCommand: LatencySummary;
  /** Incident picked → views.update with statuses and the 500 services. */
  afterPostPicked: LatencySummary;
  /** Size of the filled form as sent to Slack, in bytes of JSON. */
  filledViewBytes: number;
}

export async function measureLargeForm(samples: number): Promise<LargeFormLatency> {
  const fakes = await startFakes({ seed: false, large: LARGE_PAGE }, { timed: true });
  const herald = await startHerald(fakes);
  try {
    const large = fakes.pagerduty.large!;
    const incidentIds = large.postIds.filter((_, i) => i % 5 !== 4); // the state seeds every fifth as maintenance
    const step = async (i: number) => {
      const filled = await openFilledForm(herald, fakes.slack);
      // More than 100 posts: an external select, so the pick names its option text as Slack would.
      const postId = incidentIds[i % incidentIds.length]!;
      const picked = await pickPost(herald, fakes.slack, filled.view, { text: `Post ${postId}`, value: `incident:${postId}` });
      return { filled, picked };
    };
    await step(0); // warm-up: fills the cache
    const afterCommand: TimedView[] = [];
    const afterPostPicked: TimedView[] = [];
    for (let i = 1; i <= samples; i += 1) {
      const { filled, picked } = await step(i);
      afterCommand.push(filled);
      afterPostPicked.push(picked);
    }
    const latency = (timed: TimedView) => timed.shownAt - timed.sentAt;
    return {
      samples,
      afterCommand: summarise(afterCommand.map(latency)),
      afterPostPicked: summarise(afterPostPicked.map(latency)),
      filledViewBytes: JSON.stringify(afterPostPicked.at(-1)?.view ?? {}).length,
    };
  } finally {
    await herald.stop();
    await fakes.close();
  }
}
