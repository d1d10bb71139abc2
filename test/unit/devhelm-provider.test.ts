import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createDevHelmProvider } from '../../src/providers/devhelm/client.js';
import type { Provider, PublishRequest } from '../../src/providers/provider.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import { startFakeDevHelm, type FakeDevHelm } from '../fakes/fake-devhelm.js';
import type { DevHelmSeed } from '../fakes/fake-devhelm-state.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

// The DevHelm client against the fake DevHelm, which holds every request to the contract.

let fake: FakeDevHelm;
let seed: DevHelmSeed;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeDevHelm();
  seed = fake.seed!;
  provider = createDevHelmProvider({ token: fake.token, baseUrl: fake.url, retries: 1, backoffMs: 5, timeoutMs: 1000 });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.clearFaults();
  fake.calls.length = 0;
});

const TYPED_MESSAGE = '*Cause found*: a bad deploy. Rolling back.';

function request(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    pageId: seed.pageId,
    postId: seed.incidentId,
    postKind: 'incident',
    statusId: 'IDENTIFIED',
    severityId: null,
    impacts: [],
    notifySubscribers: true,
    nextUpdateMs: null,
    reportedAt: null,
    ...overrides,
    // What reaches a provider: the typed Slack text, converted once to markdown (updates/to-publish-request.ts).
    message: slackTextToMarkdown(overrides.message ?? TYPED_MESSAGE),
  };
}

describe('DevHelm provider', () => {
  it('lists pages, open incidents and maintenance, and components with their current status', async () => {
    const pages = await provider.listPages();
    expect(pages).toEqual([{ provider: 'devhelm', id: seed.pageId, name: 'Acme Cloud', url: null }]);
    const posts = await provider.listOpenPosts(seed.pageId);
    expect(posts.map((post) => [post.id, post.kind]).sort()).toEqual(
      [
        [seed.incidentId, 'incident'],
        [seed.maintenanceId, 'maintenance'],
      ].sort(),
    );
    const options = await provider.loadPostOptions(seed.pageId, 'incident');
    expect(options.statuses.map((status) => status.id)).toEqual(['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED']);
    expect(options.severities).toEqual([]);
    expect(options.impacts.map((impact) => impact.label)).toContain('Degraded performance');
    // Groups show the worst of their members and are not offered.
    expect(options.components).toEqual([
      { id: seed.componentIds.api, name: 'API', currentImpactId: 'OPERATIONAL' },
      { id: seed.componentIds.dashboard, name: 'Dashboard', currentImpactId: 'DEGRADED_PERFORMANCE' },
      { id: seed.componentIds.webhooks, name: 'Webhooks', currentImpactId: 'OPERATIONAL' },
    ]);
    const incidentsCall = fake.calls.find((call) => call.operationId === 'listIncidents')!;
    expect(incidentsCall.query).toMatchObject({ status: ['INVESTIGATING', 'IDENTIFIED', 'MONITORING'], page: '0', size: '100' });
    expect(incidentsCall.headers).not.toHaveProperty('x-phelm-org-id');
    expect(fake.violations).toEqual([]);
  });

  it('pages through page/size until hasNext is false', async () => {
    for (let i = 0; i < 230; i += 1) fake.state.addComponent(seed.pageId, `Extra ${i}`);
    const options = await provider.loadPostOptions(seed.pageId, 'incident');
    expect(options.components).toHaveLength(233);
    expect(fake.calls.filter((call) => call.operationId === 'listComponents').map((call) => call.query.page)).toEqual(['0', '1', '2']);
    for (const component of fake.state.componentsOf(seed.pageId).filter((c) => c.name.startsWith('Extra'))) {
      fake.state.components.splice(fake.state.components.indexOf(component), 1);
    }
  });

  it('publishes markdown, keeps the components with null, and returns the new timeline entry', async () => {
    const entry = await provider.publishUpdate(request());
    const sent = fake.calls.find((call) => call.operationId === 'postIncidentUpdate')!;
    expect(sent.body).toEqual({
      status: 'IDENTIFIED',
      body: '**Cause found**: a bad deploy. Rolling back.',
      notifySubscribers: true,
      affectedComponents: null,
    });
    const stored = fake.state.incidents.get(seed.incidentId)!;
    expect(entry).toEqual({
      id: stored.updates.at(-1)!.id,
      postId: seed.incidentId,
      message: '**Cause found**: a bad deploy. Rolling back.',
      statusId: 'IDENTIFIED',
      reportedAt: stored.updates.at(-1)!.createdAt,
    });
    expect(stored.affectedComponents).toEqual([{ componentId: seed.componentIds.dashboard, status: 'DEGRADED_PERFORMANCE' }]);
    expect((await provider.listTimeline(seed.pageId, seed.incidentId))[0]).toEqual(entry);
    expect(fake.violations).toEqual([]);
  });

  it("sends the incident's components with the user's change, so the others stay as they are", async () => {
    await provider.publishUpdate(
      request({ impacts: [{ componentId: seed.componentIds.api, impactId: 'PARTIAL_OUTAGE' }], notifySubscribers: false }),
    );
    const sent = fake.calls.filter((call) => call.operationId === 'postIncidentUpdate').at(-1)!.body as Record<string, unknown>;
    expect(sent.notifySubscribers).toBe(false);
    expect(sent.affectedComponents).toEqual([
      { componentId: seed.componentIds.dashboard, status: 'DEGRADED_PERFORMANCE' },
      { componentId: seed.componentIds.api, status: 'PARTIAL_OUTAGE' },
    ]);
    expect(fake.state.components.find((c) => c.id === seed.componentIds.api)!.currentStatus).toBe('PARTIAL_OUTAGE');
    expect(fake.violations).toEqual([]);
  });

  it('reads the incident first when it has not seen its components yet', async () => {
    const fresh = createDevHelmProvider({ token: fake.token, baseUrl: fake.url, retries: 0 });
    await fresh.publishUpdate(request({ impacts: [{ componentId: seed.componentIds.webhooks, impactId: 'MAJOR_OUTAGE' }] }));
    expect(fake.calls.map((call) => call.operationId)).toEqual(['getIncident', 'postIncidentUpdate']);
    const sent = fake.calls[1]!.body as { affectedComponents: { componentId: string }[] };
    expect(sent.affectedComponents.map((c) => c.componentId)).toContain(seed.componentIds.api);
    expect(sent.affectedComponents.map((c) => c.componentId)).toContain(seed.componentIds.webhooks);
  });

  it("shows DevHelm's message and keeps its request id in the error", async () => {
    const error = (await provider
      .publishUpdate(request({ impacts: [{ componentId: '00000000-0000-4000-8000-000000000000', impactId: 'MAJOR_OUTAGE' }] }))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('rejected');
    expect(error.providerMessage).toMatch(
      /^Request validation failed \(affectedComponents\[\d\]\.componentId: Component does not belong to this status page\)$/,
    );
    expect(error.requestId).toMatch(/^dh-req-\d+$/);
    expect(error.message).toContain(`[request id ${error.requestId}]`);
  });

  it('sends the organisation and workspace headers only when configured', async () => {
    const scoped = createDevHelmProvider({ token: fake.token, baseUrl: fake.url, orgId: '42', workspaceId: '7' });
    await scoped.listPages();
    expect(fake.calls.at(-1)!.headers).toMatchObject({
      'x-phelm-org-id': '42',
      'x-phelm-workspace-id': '7',
      authorization: 'Bearer [redacted]',
    });
  });

  it('refuses a status DevHelm does not have before sending anything', async () => {
    await expect(provider.publishUpdate(request({ statusId: 'resolved' }))).rejects.toMatchObject({ kind: 'rejected' });
    expect(fake.calls).toEqual([]);
  });
});
