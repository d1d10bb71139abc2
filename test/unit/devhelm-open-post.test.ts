import { afterEach, describe, expect, it } from '@jest/globals';
import { createDevHelmProvider } from '../../src/providers/devhelm/client.js';
import type { OpenRequest } from '../../src/providers/opening.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { Provider, PublishRequest } from '../../src/providers/provider.js';
import { startFakeDevHelm, type FakeDevHelm, type FakeDevHelmOptions } from '../fakes/fake-devhelm.js';
import type { DevHelmSeed } from '../fakes/fake-devhelm-state.js';

// Opening posts on DevHelm against the fake, on both kinds of server: newer ones keep maintenance windows at
// `/maintenance` (checked against a schema written from DevHelm's own clients), older ones (the vendored
// contract) take `scheduled: true` on `/incidents`. Review-mode pages answer drafts until published.

let fake: FakeDevHelm | undefined;
let seed: DevHelmSeed;
let provider: Provider;

async function start(options: FakeDevHelmOptions = {}): Promise<FakeDevHelm> {
  fake = await startFakeDevHelm(options);
  seed = fake.seed!;
  provider = createDevHelmProvider({ token: fake.token, baseUrl: fake.url, retries: 0, backoffMs: 5, timeoutMs: 500 });
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function incidentRequest(overrides: Partial<OpenRequest> = {}): OpenRequest {
  return {
    pageId: seed.pageId,
    kind: 'incident',
    title: 'Checkout failures',
    statusId: 'INVESTIGATING',
    severityId: 'MAJOR',
    message: 'Payments **fail** for some customers.',
    impacts: [{ componentId: seed.componentIds.api, impactId: 'MAJOR_OUTAGE' }],
    notifySubscribers: false,
    nextUpdateMs: null,
    window: null,
    reference: 'submission-7',
    ...overrides,
  };
}

function maintenanceRequest(overrides: Partial<OpenRequest> = {}): OpenRequest {
  return incidentRequest({
    kind: 'maintenance',
    title: 'Database upgrade',
    statusId: 'IDENTIFIED',
    severityId: null,
    impacts: [],
    message: 'The database is upgraded.',
    window: {
      startsAt: new Date('2031-03-01T02:00:00.000Z'),
      endsAt: new Date('2031-03-01T04:00:00.000Z'),
      startAutomatically: false,
      completeAutomatically: true,
      componentsToMaintenance: false,
    },
    ...overrides,
  });
}

function update(postId: string, overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    pageId: seed.pageId,
    postId,
    postKind: 'maintenance',
    statusId: 'MONITORING',
    severityId: null,
    message: 'Halfway through.',
    impacts: [],
    notifySubscribers: true,
    nextUpdateMs: null,
    reportedAt: null,
    ...overrides,
  };
}

const callsTo = (operationId: string) => fake!.calls.filter((call) => call.operationId === operationId);

describe('DevHelm: opening an incident', () => {
  it('opens an incident with its impact, components and first update, public at once', async () => {
    await start();
    const opened = await provider.openPost(incidentRequest());
    expect(opened.awaitingPublish).toBe(false);
    expect(opened.post).toMatchObject({ title: 'Checkout failures', kind: 'incident', startedAt: expect.any(String) });
    expect(opened.entry).toMatchObject({
      postId: opened.post.id,
      message: 'Payments **fail** for some customers.',
      statusId: 'INVESTIGATING',
    });
    expect(fake!.state.incidents.get(opened.post.id)).toMatchObject({
      impact: 'MAJOR',
      affectedComponents: [{ componentId: seed.componentIds.api, status: 'MAJOR_OUTAGE' }],
    });
    expect(callsTo('createIncident')[0]?.body).toMatchObject({ notifySubscribers: false, status: 'INVESTIGATING' });
    expect((await provider.listOpenPosts(seed.pageId)).map((post) => post.id)).toContain(opened.post.id);
    expect((await provider.listTimeline(seed.pageId, opened.post.id))[0]?.id).toBe(opened.entry.id);
    expect(fake!.violations).toEqual([]);
  });

  it('offers the impact levels as severities, and the incident statuses for a maintenance', async () => {
    await start();
    const options = await provider.loadOpenOptions(seed.pageId, 'maintenance');
    expect(options.severities.map((choice) => choice.id)).toEqual(['NONE', 'MINOR', 'MAJOR', 'CRITICAL']);
    expect(options.statuses.map((choice) => choice.id)).toEqual(['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED']);
    expect(provider.opening).toMatchObject({ titleMaxLength: 500, maintenanceStatuses: false });
  });

  it('finds the incident a create made although its answer was a 500: one exists, not two', async () => {
    await start();
    const before = fake!.postsOf(seed.pageId).length;
    fake!.inject({ route: 'createIncident', fault: { type: 'commit-then', code: 500 } });
    const sentAt = new Date();
    const error = (await provider.openPost(incidentRequest()).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('ambiguous');
    const found = await provider.findOpenedPost(incidentRequest(), sentAt);
    expect(found?.post).toMatchObject({ title: 'Checkout failures', kind: 'incident' });
    expect(found?.entry.message).toBe('Payments **fail** for some customers.');
    expect(fake!.postsOf(seed.pageId)).toHaveLength(before + 1);
    expect(callsTo('createIncident')).toHaveLength(1);
  });

  it('of identical incidents opened moments apart, finds the one written nearest the send, either way round', async () => {
    await start();
    const unanswered = async () => {
      fake!.inject({ route: 'createIncident', fault: { type: 'commit-then', code: 500 } });
      const sentAt = new Date();
      await expect(provider.openPost(incidentRequest())).rejects.toBeInstanceOf(ProviderError);
      return sentAt;
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    // A second responder's create lands unanswered after the first one's was opened.
    const first = await provider.openPost(incidentRequest());
    await pause();
    const secondSentAt = await unanswered();
    const second = await provider.findOpenedPost(incidentRequest(), secondSentAt);
    expect(second?.post.id).not.toBe(first.post.id);
    // The first create lands unanswered, and is looked for only after an identical one was opened.
    await pause();
    const thirdSentAt = await unanswered();
    await pause();
    const fourth = await provider.openPost(incidentRequest());
    const third = await provider.findOpenedPost(incidentRequest(), thirdSentAt);
    expect([first.post.id, second?.post.id, fourth.post.id]).not.toContain(third?.post.id);
    expect(third?.post.title).toBe('Checkout failures');
  });

  it('finds nothing when the create never landed, nor a same-titled incident with another message', async () => {
    await start();
    const sentAt = new Date();
    fake!.inject({ route: 'createIncident', fault: { type: 'reset-before' } });
    await provider.openPost(incidentRequest()).catch(() => undefined);
    expect(await provider.findOpenedPost(incidentRequest(), sentAt)).toBeNull();
    await provider.openPost(incidentRequest({ message: 'Something else.' }));
    expect(await provider.findOpenedPost(incidentRequest(), sentAt)).toBeNull();
    expect(await provider.findOpenedPost(incidentRequest({ message: 'Something else.' }), new Date(Date.now() - 3_600_000))).toBeNull();
  });

  it('surfaces what DevHelm says when it refuses a create (a component of another page)', async () => {
    await start();
    const error = (await provider
      .openPost(incidentRequest({ impacts: [{ componentId: '00000000-0000-4000-8000-000000000000', impactId: 'MAJOR_OUTAGE' }] }))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(400);
    expect(error.providerMessage).toContain('Component does not belong to this status page');
  });

  it('refuses a title over 500 characters, as DevHelm does', async () => {
    await start();
    await provider.openPost(incidentRequest({ title: 'x'.repeat(500) }));
    const error = (await provider
      .openPost(incidentRequest({ title: 'x'.repeat(501) }))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(error.providerMessage).toMatch(/title/);
  });
});

describe('DevHelm: review mode', () => {
  it('answers a draft, which publishDraft makes public; publishing twice is harmless', async () => {
    await start({ reviewMode: true });
    const opened = await provider.openPost(incidentRequest());
    expect(opened.awaitingPublish).toBe(true);
    expect(fake!.state.incidents.get(opened.post.id)?.publishedAt).toBeNull();
    const published = await provider.publishDraft(seed.pageId, opened.post);
    expect(published.id).toBe(opened.post.id);
    expect(fake!.state.incidents.get(opened.post.id)?.publishedAt).toEqual(expect.any(String));
    expect(await provider.publishDraft(seed.pageId, opened.post)).toMatchObject({ id: opened.post.id, title: 'Checkout failures' });
    expect(callsTo('publishIncident')).toHaveLength(2);
    expect(fake!.violations).toEqual([]);
  });

  it('finds a draft that landed behind a reset, still awaiting publish', async () => {
    await start({ reviewMode: true });
    fake!.inject({ route: 'createIncident', fault: { type: 'reset-after' } });
    const sentAt = new Date();
    await provider.openPost(incidentRequest()).catch(() => undefined);
    expect((await provider.findOpenedPost(incidentRequest(), sentAt))?.awaitingPublish).toBe(true);
  });

  it('publishes a maintenance window draft at its own resource', async () => {
    await start({ reviewMode: true });
    const opened = await provider.openPost(maintenanceRequest());
    expect(opened.awaitingPublish).toBe(true);
    await provider.publishDraft(seed.pageId, opened.post);
    await provider.publishDraft(seed.pageId, opened.post);
    expect(callsTo('publishMaintenance')).toHaveLength(2);
    expect([...fake!.state.windows.values()][0]?.publishedAt).toEqual(expect.any(String));
  });
});

describe('DevHelm: maintenance on a server with the maintenance resource', () => {
  it('creates a window at /maintenance, whose id round-trips through updates, timeline, open posts and extend', async () => {
    await start();
    const opened = await provider.openPost(maintenanceRequest());
    expect(opened.post.id).toMatch(/^maintenance:/);
    expect(opened.post.kind).toBe('maintenance');
    expect(callsTo('createMaintenance')[0]?.body).toEqual({
      title: 'Database upgrade',
      impact: 'NONE',
      body: 'The database is upgraded.',
      scheduledFor: '2031-03-01T02:00:00.000Z',
      scheduledUntil: '2031-03-01T04:00:00.000Z',
      status: 'IDENTIFIED',
      autoResolve: true,
      notifySubscribers: false,
    });
    expect(callsTo('createIncident')).toHaveLength(0);
    expect((await provider.listOpenPosts(seed.pageId)).find((post) => post.id === opened.post.id)?.kind).toBe('maintenance');
    const entry = await provider.publishUpdate(update(opened.post.id));
    expect(callsTo('postMaintenanceUpdate')[0]?.body).toEqual({ status: 'MONITORING', body: 'Halfway through.' });
    expect((await provider.listTimeline(seed.pageId, opened.post.id))[0]).toEqual(entry);
    await provider.extendWindow(seed.pageId, opened.post, new Date('2031-03-01T05:30:00.000Z'));
    expect([...fake!.state.windows.values()][0]?.scheduledUntil).toBe('2031-03-01T05:30:00.000Z');
    expect(fake!.violations).toEqual([]);
  });

  it("holds windows to the shape of DevHelm's own clients: a field they never send is refused", async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/v1/status-pages/${seed.pageId}/maintenance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Window',
        impact: 'NONE',
        body: 'Text',
        scheduledFor: '2031-03-01T02:00:00.000Z',
        affectedComponents: [],
      }),
    });
    expect(response.status).toBe(400);
    expect(server.violations.map((violation) => violation.operationId)).toEqual(['createMaintenance']);
    expect(server.state.windows.size).toBe(0);
  });

  it('refuses component changes a window does not take, before sending', async () => {
    await start();
    const withComponents = maintenanceRequest({ impacts: [{ componentId: seed.componentIds.api, impactId: 'UNDER_MAINTENANCE' }] });
    const error = (await provider.openPost(withComponents).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(callsTo('createMaintenance')).toHaveLength(0);
  });

  it('finds a window a create made although its answer was a 500', async () => {
    await start();
    fake!.inject({ route: 'createMaintenance', fault: { type: 'commit-then', code: 500 } });
    const sentAt = new Date();
    expect(((await provider.openPost(maintenanceRequest()).catch((caught: unknown) => caught)) as ProviderError).kind).toBe('ambiguous');
    const found = await provider.findOpenedPost(maintenanceRequest(), sentAt);
    expect(found?.post.id).toMatch(/^maintenance:/);
    expect(fake!.state.windows.size).toBe(1);
  });

  it('says so when an old-style scheduled incident keeps its end on the incident PUT', async () => {
    await start();
    const fakeNow = fake!;
    const error = (await provider
      .extendWindow(
        seed.pageId,
        { id: seed.maintenanceId, title: 'Database upgrade', kind: 'maintenance', url: null },
        new Date('2031-01-01T00:00:00Z'),
      )
      .catch((caught: unknown) => caught)) as ProviderError;
    // The seeded maintenance is an old-style scheduled incident: its end does not move on the incident PUT.
    expect(error.kind).toBe('rejected');
    expect(fakeNow.state.incidents.get(seed.maintenanceId)?.scheduledUntil).toBe('2030-01-01T04:00:00.000Z');
  });
});

describe('DevHelm: maintenance on a server without the maintenance resource', () => {
  it('falls back to a scheduled incident where /maintenance answers 404, with its components', async () => {
    await start({ maintenanceResource: false });
    const request = maintenanceRequest({ impacts: [{ componentId: seed.componentIds.webhooks, impactId: 'UNDER_MAINTENANCE' }] });
    const opened = await provider.openPost(request);
    expect(opened.post.id).not.toMatch(/^maintenance:/);
    expect(opened.post.kind).toBe('maintenance');
    expect(callsTo('createIncident')[0]?.body).toMatchObject({
      scheduled: true,
      scheduledFor: '2031-03-01T02:00:00.000Z',
      scheduledUntil: '2031-03-01T04:00:00.000Z',
      autoResolve: true,
      affectedComponents: [{ componentId: seed.componentIds.webhooks, status: 'UNDER_MAINTENANCE' }],
    });
    await provider.publishUpdate(update(opened.post.id));
    expect(fake!.state.incidents.get(opened.post.id)?.updates).toHaveLength(2);
    expect((await provider.listOpenPosts(seed.pageId)).map((post) => post.id)).toContain(opened.post.id);
    expect(await provider.findOpenedPost(request, new Date())).toMatchObject({ post: { id: opened.post.id } });
    expect(fake!.violations).toEqual([]);
  });

  it('tries the maintenance resource first and falls back on its 404', async () => {
    await start({ maintenanceResource: false });
    await provider.openPost(maintenanceRequest());
    const paths = fake!.calls.filter((call) => call.method === 'POST').map((call) => call.path.replace(seed.pageId, '{id}'));
    expect(paths).toEqual(['/api/v1/status-pages/{id}/maintenance', '/api/v1/status-pages/{id}/incidents']);
  });

  it('says plainly when the server keeps a scheduled incident end as it was', async () => {
    await start({ maintenanceResource: false });
    const opened = await provider.openPost(maintenanceRequest());
    const error = (await provider
      .extendWindow(seed.pageId, opened.post, new Date('2031-03-01T06:00:00.000Z'))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(error.providerMessage).toContain('kept the maintenance window as it was');
  });
});
