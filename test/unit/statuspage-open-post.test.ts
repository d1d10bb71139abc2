import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { OpenRequest } from '../../src/providers/opening.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { Provider } from '../../src/providers/provider.js';
import { createStatuspageProvider } from '../../src/providers/statuspage/client.js';
import { startFakeStatuspage, type FakeStatuspage } from '../fakes/fake-statuspage.js';
import type { StatuspageSeed } from '../fakes/fake-statuspage-state.js';

// Opening incidents and scheduled maintenance on Statuspage against the fake (contract-checked and
// rate-limited, the limit shortened to 60 ms): the create carries the submission's reference in its
// metadata, which is how a create that landed behind an error is found again.

const GAP_MS = 60;
let fake: FakeStatuspage;
let seed: StatuspageSeed;
let provider: Provider;
let tokenCounter = 0;

beforeEach(async () => {
  // A token of its own per test: the process-wide turns keep no memory of another test's requests.
  tokenCounter += 1;
  const token = `sp-open-${tokenCounter}`;
  fake = await startFakeStatuspage({ token, rateLimitMs: GAP_MS, rateLimitToleranceMs: 10 });
  seed = fake.seed!;
  provider = createStatuspageProvider({ token, baseUrl: fake.url, minIntervalMs: GAP_MS, retries: 0, timeoutMs: 1000 });
});

afterEach(async () => {
  await fake.close();
});

function incidentRequest(overrides: Partial<OpenRequest> = {}): OpenRequest {
  return {
    pageId: seed.pageId,
    kind: 'incident',
    title: 'Checkout failures',
    statusId: 'investigating',
    severityId: 'major',
    message: 'Payments **fail** for some customers.',
    impacts: [{ componentId: seed.componentIds.api, impactId: 'major_outage' }],
    notifySubscribers: false,
    nextUpdateMs: null,
    window: null,
    reference: 'submission-41',
    ...overrides,
  };
}

function maintenanceRequest(overrides: Partial<OpenRequest> = {}): OpenRequest {
  return incidentRequest({
    kind: 'maintenance',
    title: 'Database upgrade',
    statusId: 'scheduled',
    severityId: null,
    impacts: [{ componentId: seed.componentIds.webhooks, impactId: 'under_maintenance' }],
    message: 'Webhooks pause for the upgrade.',
    reference: 'submission-42',
    window: {
      startsAt: new Date('2031-03-01T02:00:00.000Z'),
      endsAt: new Date('2031-03-01T04:00:00.000Z'),
      startAutomatically: true,
      completeAutomatically: true,
      componentsToMaintenance: true,
    },
    ...overrides,
  });
}

const creates = () => fake.calls.filter((call) => call.operationId === 'postPagesPageIdIncidents');

describe('Statuspage: opening a post', () => {
  it('opens an incident with its impact, components, metadata and first update', async () => {
    const opened = await provider.openPost(incidentRequest());
    expect(opened.awaitingPublish).toBe(false);
    expect(opened.post).toMatchObject({ title: 'Checkout failures', kind: 'incident' });
    expect(opened.post.startedAt).toEqual(expect.any(String));
    expect(opened.entry).toMatchObject({ postId: opened.post.id, message: 'Payments fail for some customers.', statusId: 'investigating' });
    const stored = fake.state.incidents.get(opened.post.id)!;
    expect(stored).toMatchObject({
      impactOverride: 'major',
      metadata: { herald: { submission: 'submission-41' } },
      componentIds: [seed.componentIds.api],
    });
    expect(fake.state.components.find((c) => c.id === seed.componentIds.api)?.status).toBe('major_outage');
    expect(creates()[0]?.body).toMatchObject({ incident: { deliver_notifications: false } });
    expect((await provider.listOpenPosts(seed.pageId)).map((post) => post.id)).toContain(opened.post.id);
    expect((await provider.listTimeline(seed.pageId, opened.post.id))[0]?.id).toBe(opened.entry.id);
    expect(fake.violations).toEqual([]);
    expect(fake.rateLimited).toBe(0);
  });

  it('opens a scheduled maintenance with its whole window and its automatic transitions, and updates to it work', async () => {
    const opened = await provider.openPost(maintenanceRequest());
    expect(opened.post.kind).toBe('maintenance');
    expect(creates()[0]?.body).toMatchObject({
      incident: {
        status: 'scheduled',
        scheduled_for: '2031-03-01T02:00:00.000Z',
        scheduled_until: '2031-03-01T04:00:00.000Z',
        scheduled_auto_in_progress: true,
        scheduled_auto_completed: true,
        auto_transition_to_maintenance_state: true,
        auto_transition_to_operational_state: true,
      },
    });
    expect((creates()[0]!.body as { incident: object }).incident).not.toHaveProperty('impact_override');
    await provider.publishUpdate({
      pageId: seed.pageId,
      postId: opened.post.id,
      postKind: 'maintenance',
      statusId: 'in_progress',
      severityId: null,
      message: 'Started.',
      impacts: [],
      notifySubscribers: false,
      nextUpdateMs: null,
      reportedAt: null,
    });
    expect(fake.state.incidents.get(opened.post.id)?.updates).toHaveLength(2);
    expect((await provider.listOpenPosts(seed.pageId)).find((post) => post.id === opened.post.id)?.kind).toBe('maintenance');
    expect(fake.violations).toEqual([]);
  });

  it('offers impacts as severities for an incident, none for a maintenance, and the maintenance statuses', async () => {
    expect((await provider.loadOpenOptions(seed.pageId, 'incident')).severities.map((c) => c.id)).toEqual([
      'none',
      'minor',
      'major',
      'critical',
    ]);
    const maintenance = await provider.loadOpenOptions(seed.pageId, 'maintenance');
    expect(maintenance.severities).toEqual([]);
    expect(maintenance.statuses.map((c) => c.id)).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
    expect(provider.opening).toMatchObject({ titleMaxLength: 255, maintenanceStatuses: true, automaticStart: true });
  });

  it('finds the incident a create made although its answer was a 500, by its reference, and only one exists', async () => {
    const before = fake.incidentsOf(seed.pageId).length;
    fake.inject({ route: 'createIncident', fault: { type: 'commit-then', code: 500 } });
    const error = (await provider.openPost(incidentRequest()).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('ambiguous');
    const found = await provider.findOpenedPost(incidentRequest(), new Date());
    expect(found?.post.title).toBe('Checkout failures');
    expect(found?.entry.message).toBe('Payments fail for some customers.');
    expect(fake.incidentsOf(seed.pageId)).toHaveLength(before + 1);
    expect(creates()).toHaveLength(1);
  });

  it('finds a maintenance after a timeout that followed the commit', async () => {
    const sp = createStatuspageProvider({ token: fake.token, baseUrl: fake.url, minIntervalMs: GAP_MS, retries: 0, timeoutMs: 300 });
    fake.inject({ route: 'createIncident', fault: { type: 'timeout' } });
    expect(((await sp.openPost(maintenanceRequest()).catch((caught: unknown) => caught)) as ProviderError).kind).toBe('ambiguous');
    expect((await sp.findOpenedPost(maintenanceRequest(), new Date()))?.post.kind).toBe('maintenance');
  });

  it('matches on the reference only: a same-titled incident of another submission is not ours', async () => {
    await provider.openPost(incidentRequest({ reference: 'submission-other' }));
    expect(await provider.findOpenedPost(incidentRequest(), new Date())).toBeNull();
    fake.inject({ route: 'createIncident', fault: { type: 'reset-before' } });
    await provider.openPost(incidentRequest()).catch(() => undefined);
    expect(await provider.findOpenedPost(incidentRequest(), new Date())).toBeNull();
  });

  it('moves a maintenance end with a PATCH of scheduled_until', async () => {
    const opened = await provider.openPost(maintenanceRequest());
    await provider.extendWindow(seed.pageId, opened.post, new Date('2031-03-01T05:15:00.000Z'));
    expect(fake.state.incidents.get(opened.post.id)?.scheduledUntil).toBe('2031-03-01T05:15:00.000Z');
    expect(await provider.publishDraft(seed.pageId, opened.post)).toEqual(opened.post);
    expect(fake.violations).toEqual([]);
  });

  it('surfaces Statuspage refusing a create: a component of another page, a name over 255 characters', async () => {
    const foreign = (await provider
      .openPost(incidentRequest({ impacts: [{ componentId: 'nope00000000', impactId: 'major_outage' }] }))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(foreign.kind).toBe('rejected');
    expect(foreign.status).toBe(422);
    expect(foreign.providerMessage).toBe('Component ids nope00000000 are not components of this page');
    await provider.openPost(incidentRequest({ title: 'x'.repeat(255), reference: 'long-ok' }));
    const long = (await provider.openPost(incidentRequest({ title: 'x'.repeat(256) })).catch((caught: unknown) => caught)) as ProviderError;
    expect(long.kind).toBe('rejected');
    expect(long.providerMessage).toBe('Name is too long (maximum is 255 characters)');
  });

  it('refuses before sending a status of the other kind', async () => {
    const error = (await provider
      .openPost(maintenanceRequest({ statusId: 'investigating' }))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(creates()).toHaveLength(0);
  });
});
