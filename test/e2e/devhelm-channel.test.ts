import { describeLinkedChannel } from '../support/linked-channel-scenario.js';

// A channel linked to a DevHelm incident: link, the form filled from the page, reminders with Snooze and
// Post update, an update posted on DevHelm directly, the timeline (the scenario: linked-channel-scenario.ts).

describe('a channel linked to a DevHelm incident', () => {
  describeLinkedChannel({
    provider: 'devhelm',
    harness: { devhelm: true, pagerdutyConfigured: false },
    incident: (h) => {
      const seed = h.devhelm!.seed!;
      return {
        pageId: seed.pageId,
        pageName: 'Acme Cloud',
        incidentId: seed.incidentId,
        title: 'Slow dashboard',
        affected: { id: seed.componentIds.dashboard, status: 'DEGRADED_PERFORMANCE' },
        other: { id: seed.componentIds.api, status: 'OPERATIONAL' },
      };
    },
    statuses: { seeded: 'INVESTIGATING', herald: 'IDENTIFIED', direct: 'MONITORING' },
    postDirectly: (h, update) => {
      const { state, seed } = h.devhelm!;
      const incident = state.incidents.get(seed!.incidentId)!;
      state.addUpdate(incident, {
        status: update.status as 'MONITORING',
        body: update.body,
        notifySubscribers: false,
        affectedComponents: [
          ...incident.affectedComponents,
          { componentId: seed!.componentIds.api, status: update.otherStatus as 'PARTIAL_OUTAGE' },
        ],
      });
    },
    directOtherStatus: 'PARTIAL_OUTAGE',
    fillTimeoutMs: 5_000,
  });
});
