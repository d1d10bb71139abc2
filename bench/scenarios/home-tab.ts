import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedCall } from '../../test/fakes/fake-slack.js';
import { appHomeOpenedEvent } from '../../test/support/slack-payloads.js';
import { sentAt as wireSentAt, startFakes, startHerald, type RunningApp } from '../support/stack.js';
import { summarise, type LatencySummary } from '../support/stats.js';
import type { Fakes } from '../support/stack.js';

// The Home tab for a status page with `openIncidents` open incidents, its lists already in Herald's cache: timed
// on the wire from sending each signed app_home_opened event to its views.publish arriving at the fake Slack.
// Each sample is another person (a person's tab is published at most once per 10 seconds). `spacingMs` apart:
// tabs opened within 2 s of each other share one overview (publish-home.ts), so samples spaced wider than that
// each build theirs afresh; all within the lists' 60 s in the cache.

export interface HomeTabLatency extends LatencySummary {
  openIncidents: number;
  spacingMs: number;
  /** views.publish calls Slack refused. */
  refused: number;
  /** Blocks in the published tab (Slack's limit: 100). */
  blocks: number;
}

export async function measureHomeTab(openIncidents: number, samples: number, spacingMs: number): Promise<HomeTabLatency> {
  const fakes = await startFakes({}, { timed: true });
  const seed = fakes.pagerduty.seed!;
  // The seed has one open incident; the rest are added on the same page.
  for (let i = 2; i <= openIncidents; i += 1) fakes.pagerduty.state.addPost(seed.pageId, { title: `Outage ${i}` });
  const herald = await startHerald(fakes);
  try {
    await openHome(herald, fakes, 'U0BENCHWARM'); // fills the cache and compiles the code paths; not counted
    const published: { call: RecordedCall; sent: number }[] = [];
    for (let i = 0; i < samples; i += 1) {
      await sleep(spacingMs);
      published.push(await openHome(herald, fakes, `U0BENCH${String(i).padStart(4, '0')}`));
    }
    const last = published.at(-1)?.call.args.view as { blocks?: unknown[] } | undefined;
    return {
      openIncidents,
      spacingMs,
      refused: published.filter(({ call }) => call.response?.ok !== true).length,
      blocks: last?.blocks?.length ?? 0,
      ...summarise(published.map(({ call, sent }) => call.at - sent)),
    };
  } finally {
    await herald.stop();
    await fakes.close();
  }
}

async function openHome(herald: RunningApp, fakes: Fakes, userId: string): Promise<{ call: RecordedCall; sent: number }> {
  fakes.slack.addUser({ id: userId, name: userId.toLowerCase() });
  const since = fakes.slack.calls.length;
  const answer = await herald.requester.raw({ contentType: 'application/json', body: JSON.stringify(appHomeOpenedEvent({ userId })) });
  const call = await fakes.slack.waitFor((c) => c.method === 'views.publish' && c.args.user_id === userId, { since, timeoutMs: 10_000 });
  return { call, sent: wireSentAt(answer) };
}
