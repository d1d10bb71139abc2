import { jest } from '@jest/globals';
import type { FakeComponentStatus, FakeIncidentStatus } from '../fakes/fake-statuspage-state.js';
import { describeLinkedChannel } from '../support/linked-channel-scenario.js';

// A channel linked to an Atlassian Statuspage incident, at Statuspage's real rate limit (one request a
// second, enforced by the fake): link, the form filled from the page, reminders with Snooze and Post update,
// an update posted on Statuspage directly, the timeline (the scenario: linked-channel-scenario.ts).

jest.setTimeout(60_000);

describe('a channel linked to a Statuspage incident', () => {
  describeLinkedChannel({
    provider: 'statuspage',
    harness: { statuspage: true, pagerdutyConfigured: false, tuning: { timeoutMs: 1500, retries: 2, maxRetryWaitMs: 3000 } },
    incident: (h) => {
      const seed = h.statuspage!.seed!;
      return {
        pageId: seed.pageId,
        pageName: 'Acme Status',
        incidentId: seed.incidentId,
        title: 'Login failures',
        affected: { id: seed.componentIds.dashboard, status: 'partial_outage' },
        other: { id: seed.componentIds.api, status: 'operational' },
      };
    },
    statuses: { seeded: 'investigating', herald: 'identified', direct: 'monitoring' },
    postDirectly: (h, update) => {
      // What Statuspage does with an update made in its own dashboard: a new entry, the incident's status,
      // and the component's status.
      const { state, seed } = h.statuspage!;
      const incident = state.incidents.get(seed!.incidentId)!;
      const api = state.components.find((component) => component.id === seed!.componentIds.api)!;
      const at = state.now();
      incident.updates.push({
        id: state.nextId(),
        status: update.status as FakeIncidentStatus,
        body: update.body,
        deliverNotifications: false,
        createdAt: at,
        affectedComponents: [{ code: api.id, name: api.name, old_status: api.status, new_status: update.otherStatus }],
      });
      incident.status = update.status as FakeIncidentStatus;
      incident.updatedAt = at;
      incident.componentIds = [...new Set([...incident.componentIds, api.id])];
      api.status = update.otherStatus as FakeComponentStatus;
    },
    directOtherStatus: 'major_outage',
    fillTimeoutMs: 15_000,
  });
});
