import type { FakePostUpdate } from '../fakes/fake-pagerduty-state.js';
import type { Harness } from './herald-harness.js';

/**
 * An update on the seeded PagerDuty incident made in PagerDuty itself, not through Herald: minor severity, no
 * subscribers notified, and reported a few seconds ahead so it is the newest entry on the timeline.
 */
export function postOnPagerDutyDirectly(
  h: Harness,
  update: Pick<FakePostUpdate, 'message' | 'statusId'> & Partial<Pick<FakePostUpdate, 'impactedServices'>>,
): FakePostUpdate {
  const seed = h.pagerduty.seed!;
  return h.pagerduty.state.addUpdate({
    pageId: seed.pageId,
    postId: seed.incidentPostId,
    severityId: seed.severities.incident.minor!,
    impactedServices: [],
    notifySubscribers: false,
    updateFrequencyMs: null,
    reportedAt: new Date(Date.now() + 5000).toISOString(),
    ...update,
  });
}
