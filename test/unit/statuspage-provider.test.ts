import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Provider, PublishRequest } from '../../src/providers/provider.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import { createStatuspageProvider } from '../../src/providers/statuspage/client.js';
import { PROCESS_TURNS, turnKey } from '../../src/providers/request-turns.js';
import { startFakeStatuspage, type FakeStatuspage } from '../fakes/fake-statuspage.js';
import type { StatuspageSeed } from '../fakes/fake-statuspage-state.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

// The Statuspage client against the fake Statuspage (contract-checked, rate-limited). The limit is
// shortened to 80 ms here so the suite stays quick; the end-to-end burst test runs it at one second.

const GAP_MS = 80;
let fake: FakeStatuspage;
let seed: StatuspageSeed;
let provider: Provider;
let tokenCounter = 0;

beforeAll(async () => {
  fake = await startFakeStatuspage({ rateLimitMs: GAP_MS, rateLimitToleranceMs: 10 });
  seed = fake.seed!;
  provider = createStatuspageProvider({ token: fake.token, baseUrl: fake.url, minIntervalMs: GAP_MS, retries: 2, timeoutMs: 2000 });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.clearFaults();
  fake.calls.length = 0;
  fake.arrivals.length = 0;
});

const TYPED_MESSAGE = '*Found it*: see <https://acme.test/pm|the write-up>';

function request(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    pageId: seed.pageId,
    postId: seed.incidentId,
    postKind: 'incident',
    statusId: 'identified',
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

describe('Statuspage provider', () => {
  it('lists pages, unresolved incidents with active maintenance, and components with their status', async () => {
    expect(await provider.listPages()).toEqual([
      { provider: 'statuspage', id: seed.pageId, name: 'Acme Status', url: 'https://status.acme.test' },
    ]);
    const posts = await provider.listOpenPosts(seed.pageId);
    expect(posts.map((post) => [post.id, post.kind]).sort()).toEqual(
      [
        [seed.incidentId, 'incident'],
        [seed.maintenanceId, 'maintenance'],
      ].sort(),
    );
    expect(posts[0]!.url).toMatch(/^https:\/\/stspg\.io\//);
    const options = await provider.loadPostOptions(seed.pageId, 'maintenance');
    expect(options.statuses.map((status) => status.id)).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
    expect(options.components).toEqual([
      { id: seed.componentIds.api, name: 'API', currentImpactId: 'operational' },
      { id: seed.componentIds.dashboard, name: 'Dashboard', currentImpactId: 'partial_outage' },
      { id: seed.componentIds.webhooks, name: 'Webhooks', currentImpactId: 'operational' },
    ]);
    expect(fake.calls.find((call) => call.operationId === 'getPagesPageIdComponents')!.query).toEqual({ page: '1', per_page: '100' });
    expect(fake.calls[0]!.headers.authorization).toBe('OAuth [redacted]');
    expect(fake.violations).toEqual([]);
    expect(fake.rateLimited).toBe(0);
  });

  it('always pages components, 100 at a time', async () => {
    const extra = Array.from({ length: 150 }, (_, i) => fake.state.addComponent(seed.pageId, `Extra ${i}`));
    const options = await provider.loadPostOptions(seed.pageId, 'incident');
    expect(options.components).toHaveLength(153);
    expect(fake.calls.map((call) => call.query.page)).toEqual(['1', '2']);
    for (const component of extra) fake.state.components.splice(fake.state.components.indexOf(component), 1);
  });

  it('publishes the plain text, leaves components alone when none changed, and returns the new update', async () => {
    const entry = await provider.publishUpdate(request());
    const patch = fake.calls.at(-1)!;
    expect(patch.body).toEqual({
      incident: { status: 'identified', body: 'Found it: see the write-up (https://acme.test/pm)', deliver_notifications: true },
    });
    const stored = fake.state.incidents.get(seed.incidentId)!;
    expect(entry).toMatchObject({ id: stored.updates.at(-1)!.id, postId: seed.incidentId, statusId: 'identified' });
    expect(stored.componentIds).toEqual([seed.componentIds.dashboard]);
    expect((await provider.listTimeline(seed.pageId, seed.incidentId))[0]).toEqual(entry);
    expect(fake.violations).toEqual([]);
  });

  it("changes only the user's components and keeps the incident's others affected", async () => {
    await provider.publishUpdate(
      request({ impacts: [{ componentId: seed.componentIds.api, impactId: 'major_outage' }], notifySubscribers: false }),
    );
    expect(fake.calls.at(-1)!.body).toEqual({
      incident: {
        status: 'identified',
        body: expect.any(String),
        components: { [seed.componentIds.api]: 'major_outage' },
        component_ids: [seed.componentIds.dashboard, seed.componentIds.api],
        deliver_notifications: false,
      },
    });
    const dashboard = fake.state.components.find((c) => c.id === seed.componentIds.dashboard)!;
    expect(dashboard.status).toBe('partial_outage');
    expect(fake.violations).toEqual([]);
  });

  it('uses maintenance statuses for maintenance and refuses an incident status there before sending', async () => {
    await expect(
      provider.publishUpdate(request({ postId: seed.maintenanceId, postKind: 'maintenance', statusId: 'resolved' })),
    ).rejects.toMatchObject({
      kind: 'rejected',
    });
    expect(fake.calls).toEqual([]);
    await provider.publishUpdate(request({ postId: seed.maintenanceId, postKind: 'maintenance', statusId: 'verifying' }));
    expect(fake.state.incidents.get(seed.maintenanceId)!.status).toBe('verifying');
  });

  it("shows Statuspage's own words when it refuses", async () => {
    fake.inject({ route: 'patchIncident', fault: { status: 422, body: { message: 'Component ids must belong to this page' } } });
    const error = (await provider.publishUpdate(request()).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rejected', status: 422, providerMessage: 'Component ids must belong to this page' });
  });

  it('treats 420 and 429 alike: waits as Retry-After says, then sends again', async () => {
    fake.inject({ route: 'patchIncident', fault: { status: 420, headers: { 'retry-after': '0.3' } } });
    fake.inject({ route: 'patchIncident', fault: { status: 429, headers: { 'retry-after': '0.3' } } });
    const before = fake.state.incidents.get(seed.incidentId)!.updates.length;
    await provider.publishUpdate(request({ message: 'third time lucky' }));
    expect(fake.calls.map((call) => call.operationId)).toEqual(Array(3).fill('patchPagesPageIdIncidentsIncidentId'));
    expect(fake.arrivals[1]! - fake.arrivals[0]!).toBeGreaterThanOrEqual(290);
    expect(fake.arrivals[2]! - fake.arrivals[1]!).toBeGreaterThanOrEqual(290);
    expect(fake.state.incidents.get(seed.incidentId)!.updates).toHaveLength(before + 1);
  });

  it('spaces every request with one token, however many clients and callers share it', async () => {
    const other = createStatuspageProvider({ token: fake.token, baseUrl: fake.url, minIntervalMs: GAP_MS });
    await Promise.all([
      provider.listPages(),
      other.listPages(),
      provider.listOpenPosts(seed.pageId),
      other.loadPostOptions(seed.pageId, 'incident'),
    ]);
    const gaps = fake.arrivals.slice(1).map((at, i) => at - fake.arrivals[i]!);
    expect(gaps.every((gap) => gap >= GAP_MS - 10)).toBe(true);
    expect(fake.rateLimited).toBe(0);
  });

  it('keeps tokens apart: each token has its own queue', async () => {
    tokenCounter += 1;
    const started: { a: number[]; b: number[] } = { a: [], b: [] };
    const run = (name: 'a' | 'b') =>
      PROCESS_TURNS.exclusive(turnKey('statuspage', fake.url, `${name}-${tokenCounter}`), 300, async () => {
        started[name].push(Date.now());
      });
    const begin = Date.now();
    await Promise.all([run('a'), run('b'), run('a'), run('b')]);
    expect(started.a[0]! - begin).toBeLessThan(100);
    expect(started.b[0]! - begin).toBeLessThan(100);
    expect(started.a[1]! - started.a[0]!).toBeGreaterThanOrEqual(295);
    expect(started.b[1]! - started.b[0]!).toBeGreaterThanOrEqual(295);
  });
});
