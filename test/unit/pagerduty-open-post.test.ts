import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { OpenRequest } from '../../src/providers/opening.js';
import { createPagerDutyProvider } from '../../src/providers/pagerduty/client.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import type { DefaultSeed } from '../fakes/fake-pagerduty-state.js';

// Opening posts on PagerDuty against the fake server, which validates every create and PUT against the
// contract: an incident, a maintenance with its window, reading back a create that landed although its
// answer said otherwise, moving a window's end, and what PagerDuty refuses.

let fake: FakePagerDuty;
let seed: DefaultSeed;

beforeEach(async () => {
  fake = await startFakePagerDuty();
  seed = fake.seed!;
});

afterEach(async () => {
  await fake.close();
});

const provider = () => createPagerDutyProvider({ token: fake.token, baseUrl: fake.url, retries: 0, backoffMs: 10, timeoutMs: 1000 });

function incidentRequest(overrides: Partial<OpenRequest> = {}): OpenRequest {
  return {
    pageId: seed.pageId,
    kind: 'incident',
    title: 'Checkout failures',
    statusId: seed.statuses.incident.investigating!,
    severityId: seed.severities.incident.major!,
    message: 'Payments fail for *some* customers & we are on it.',
    impacts: [{ componentId: seed.serviceIds[0]!, impactId: seed.impacts.incident.partialOutage! }],
    notifySubscribers: true,
    nextUpdateMs: 30 * 60 * 1000,
    window: null,
    reference: 'sub-1',
    ...overrides,
  };
}

function maintenanceRequest(): OpenRequest {
  return incidentRequest({
    kind: 'maintenance',
    title: 'Network upgrade',
    statusId: seed.statuses.maintenance.scheduled!,
    severityId: seed.severities.maintenance.minor!,
    impacts: [],
    message: 'We upgrade the network.',
    window: {
      startsAt: new Date('2031-03-01T02:00:00.000Z'),
      endsAt: new Date('2031-03-01T04:00:00.000Z'),
      startAutomatically: false,
      completeAutomatically: false,
      componentsToMaintenance: false,
    },
  });
}

const creates = () => fake.calls.filter((call) => call.operationId === 'createStatusPagePost');

describe('PagerDuty: opening a post', () => {
  it('opens an incident with its first update, starting now and without an end, public at once', async () => {
    const before = Date.now();
    const opened = await provider().openPost(incidentRequest());
    expect(opened.awaitingPublish).toBe(false);
    expect(opened.post).toMatchObject({ title: 'Checkout failures', kind: 'incident' });
    expect(opened.post.url).toBe(`https://status.acme.test/posts/details/${opened.post.id}`);
    expect(Date.parse(opened.post.startedAt!)).toBeGreaterThanOrEqual(before - 1000);
    const stored = fake.state.posts.get(opened.post.id)!;
    expect(stored.endsAt).toBeNull();
    const [update] = fake.state.updatesOf(opened.post.id);
    expect(opened.entry).toMatchObject({
      id: update!.id,
      postId: opened.post.id,
      message: '<p>Payments fail for <em>some</em> customers &amp; we are on it.</p>',
      statusId: seed.statuses.incident.investigating,
      severityId: seed.severities.incident.major,
    });
    expect(update).toMatchObject({ message: opened.entry.message, updateFrequencyMs: 1_800_000, notifySubscribers: true });
    expect((await provider().listTimeline(seed.pageId, opened.post.id))[0]?.id).toBe(opened.entry.id);
    expect((await provider().listOpenPosts(seed.pageId)).map((post) => post.id)).toContain(opened.post.id);
    expect(fake.violations).toEqual([]);
  });

  it('opens a maintenance over its window, and updates to it are accepted', async () => {
    const pd = provider();
    const opened = await pd.openPost(maintenanceRequest());
    expect(opened.post).toMatchObject({ kind: 'maintenance', startedAt: '2031-03-01T02:00:00.000Z' });
    expect(fake.state.posts.get(opened.post.id)).toMatchObject({
      startsAt: '2031-03-01T02:00:00.000Z',
      endsAt: '2031-03-01T04:00:00.000Z',
    });
    await pd.publishUpdate({
      pageId: seed.pageId,
      postId: opened.post.id,
      postKind: 'maintenance',
      statusId: seed.statuses.maintenance.inProgress!,
      severityId: seed.severities.maintenance.minor!,
      message: 'Started.',
      impacts: [],
      notifySubscribers: false,
      nextUpdateMs: null,
      reportedAt: null,
    });
    expect(fake.state.updatesOf(opened.post.id)).toHaveLength(2);
    expect(await pd.publishDraft(seed.pageId, opened.post)).toEqual(opened.post);
    expect(fake.violations).toEqual([]);
  });

  it('offers the statuses, severities and impacts of the kind asked for', async () => {
    const options = await provider().loadOpenOptions(seed.pageId, 'maintenance');
    expect(options.statuses.map((choice) => choice.label)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(options.severities.map((choice) => choice.id)).toEqual(Object.values(seed.severities.maintenance));
    expect(fake.calls.find((call) => call.operationId === 'listStatusPageImpacts')?.query.post_type).toBe('maintenance');
  });

  it('finds the post a create made although its answer was a 500, and a single post exists', async () => {
    const pd = provider();
    const request = incidentRequest();
    const before = fake.postsOf(seed.pageId).length;
    fake.inject({ route: 'createPost', fault: { type: 'commit-then', code: 500 } });
    const sentAt = new Date();
    const error = await pd.openPost(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('ambiguous');
    const found = await pd.findOpenedPost(request, sentAt);
    expect(found?.post.title).toBe('Checkout failures');
    expect(found?.entry.message).toBe('<p>Payments fail for <em>some</em> customers &amp; we are on it.</p>');
    expect(fake.postsOf(seed.pageId)).toHaveLength(before + 1);
    expect(creates()).toHaveLength(1);
  });

  it('of identical posts opened moments apart, finds the one written nearest the send, either way round', async () => {
    const pd = provider();
    const unanswered = async () => {
      fake.inject({ route: 'createPost', fault: { type: 'commit-then', code: 500 } });
      const sentAt = new Date();
      await expect(pd.openPost(incidentRequest())).rejects.toBeInstanceOf(ProviderError);
      return sentAt;
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    // A second responder's create lands unanswered after the first one's was opened.
    const first = await pd.openPost(incidentRequest());
    await pause();
    const second = await pd.findOpenedPost(incidentRequest(), await unanswered());
    expect(second?.post.id).not.toBe(first.post.id);
    // A create lands unanswered, and is looked for only after an identical one was opened.
    await pause();
    const thirdSentAt = await unanswered();
    await pause();
    const fourth = await pd.openPost(incidentRequest());
    const third = await pd.findOpenedPost(incidentRequest(), thirdSentAt);
    expect(third?.post.title).toBe('Checkout failures');
    expect([first.post.id, second?.post.id, fourth.post.id]).not.toContain(third?.post.id);
  });

  it('finds the post after a reset that followed the commit', async () => {
    const pd = provider();
    fake.inject({ route: 'createPost', fault: { type: 'reset-after' } });
    const sentAt = new Date();
    expect(((await pd.openPost(incidentRequest()).catch((caught: unknown) => caught)) as ProviderError).kind).toBe('ambiguous');
    expect(await pd.findOpenedPost(incidentRequest(), sentAt)).not.toBeNull();
  });

  it('finds nothing when the create never landed, nor a same-titled post with another message or from long ago', async () => {
    const pd = provider();
    fake.inject({ route: 'createPost', fault: { type: 'reset-before' } });
    const sentAt = new Date();
    await pd.openPost(incidentRequest()).catch(() => undefined);
    expect(await pd.findOpenedPost(incidentRequest(), sentAt)).toBeNull();
    await pd.openPost(incidentRequest({ message: 'Another message.' }));
    expect(await pd.findOpenedPost(incidentRequest(), sentAt)).toBeNull();
    await pd.openPost(incidentRequest());
    expect(await pd.findOpenedPost(incidentRequest(), new Date(Date.now() - 60 * 60 * 1000))).toBeNull();
    expect(await pd.findOpenedPost(incidentRequest(), sentAt)).not.toBeNull();
  });

  it('moves a maintenance window end with the whole post sent back', async () => {
    const pd = provider();
    const opened = await pd.openPost(maintenanceRequest());
    await pd.extendWindow(seed.pageId, opened.post, new Date('2031-03-01T06:30:00.000Z'));
    expect(fake.state.posts.get(opened.post.id)).toMatchObject({
      title: 'Network upgrade',
      startsAt: '2031-03-01T02:00:00.000Z',
      endsAt: '2031-03-01T06:30:00.000Z',
    });
    expect(fake.violations).toEqual([]);
  });

  it('surfaces what PagerDuty says when it refuses a create (a status of another page)', async () => {
    const error = (await provider()
      .openPost(incidentRequest({ statusId: 'PNOPE00' }))
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(400);
    expect(error.providerMessage).toContain('Status PNOPE00 is not one of this page');
    expect(fake.postsOf(seed.pageId)).toHaveLength(3);
  });

  it('refuses a title over 128 characters, as PagerDuty does, and says so', async () => {
    const pd = provider();
    expect(pd.opening.titleMaxLength).toBe(128);
    await pd.openPost(incidentRequest({ title: 'x'.repeat(128) }));
    const error = (await pd.openPost(incidentRequest({ title: 'x'.repeat(129) })).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(error.providerMessage).toMatch(/title/);
    expect(fake.violations.map((violation) => violation.operationId)).toEqual(['createStatusPagePost']);
  });

  it('refuses a maintenance without a severity before sending', async () => {
    const error = (await provider()
      .openPost({ ...maintenanceRequest(), severityId: null })
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(creates()).toHaveLength(0);
  });
});
