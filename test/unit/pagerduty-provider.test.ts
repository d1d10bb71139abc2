import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPagerDutyProvider, type PagerDutyProviderOptions } from '../../src/providers/pagerduty/client.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { ProviderExchange, PublishRequest } from '../../src/providers/provider.js';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import type { DefaultSeed } from '../fakes/fake-pagerduty-state.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

let fake: FakePagerDuty;
let seed: DefaultSeed;

beforeEach(async () => {
  fake = await startFakePagerDuty();
  seed = fake.seed!;
});

afterEach(async () => {
  await fake.close();
});

function provider(options: Partial<PagerDutyProviderOptions> = {}) {
  return createPagerDutyProvider({
    token: fake.token,
    baseUrl: fake.url,
    retries: 0,
    backoffMs: 10,
    timeoutMs: 2000,
    ...options,
  });
}

const TYPED_MESSAGE = 'We found the cause.';

function publishRequest(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    pageId: seed.pageId,
    postId: seed.incidentPostId,
    postKind: 'incident',
    statusId: seed.statuses.incident.identified!,
    severityId: seed.severities.incident.major!,
    impacts: [{ componentId: seed.serviceIds[0]!, impactId: seed.impacts.incident.partialOutage! }],
    notifySubscribers: true,
    nextUpdateMs: null,
    reportedAt: null,
    ...overrides,
    // What reaches a provider: the typed Slack text, converted once to markdown (updates/to-publish-request.ts).
    message: slackTextToMarkdown(overrides.message ?? TYPED_MESSAGE),
  };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const postsToIncident = () => fake.calls.filter((call) => call.operationId === 'createStatusPagePostUpdate');

describe('PagerDuty provider: reading', () => {
  it('lists status pages with their public address', async () => {
    expect(await provider().listPages()).toEqual([
      { provider: 'pagerduty', id: seed.pageId, name: 'Acme Status', url: 'https://status.acme.test' },
    ]);
    expect(fake.calls[0]?.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
    expect(fake.calls[0]?.headers.authorization).toBe('Token token=[redacted]');
  });

  it('lists the open incident and maintenance, not the resolved post, filtering by open status ids', async () => {
    const posts = await provider().listOpenPosts(seed.pageId);
    expect(posts).toEqual([
      {
        id: seed.incidentPostId,
        title: 'Elevated API errors',
        kind: 'incident',
        url: `https://status.acme.test/posts/details/${seed.incidentPostId}`,
        startedAt: null,
      },
      {
        id: seed.maintenancePostId,
        title: 'Database upgrade',
        kind: 'maintenance',
        url: `https://status.acme.test/posts/details/${seed.maintenancePostId}`,
        startedAt: '2030-01-01T02:00:00.000Z',
        // The window's start, which the Home tab shows.
        startsAt: '2030-01-01T02:00:00.000Z',
      },
    ]);
    const listCall = fake.calls.find((call) => call.operationId === 'listStatusPagePosts');
    expect(listCall?.query['status[]']).not.toContain(seed.statuses.incident.resolved);
    expect(listCall?.query['status[]']).toContain(seed.statuses.maintenance.inProgress);
    expect(fake.violations).toEqual([]);
  });

  it('offers each kind of post its own statuses, severities and impacts, and the page services', async () => {
    const incident = await provider().loadPostOptions(seed.pageId, 'incident');
    expect(incident.statuses.map((choice) => choice.label)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(incident.statuses[1]).toEqual({ id: seed.statuses.incident.identified, label: 'identified' });
    expect(incident.severities.map((choice) => choice.label)).toEqual(['all good', 'minor', 'major']);
    expect(incident.impacts.map((choice) => choice.id)).toEqual([
      seed.impacts.incident.operational,
      seed.impacts.incident.partialOutage,
      seed.impacts.incident.majorOutage,
    ]);
    expect(incident.components).toEqual([
      { id: seed.serviceIds[0], name: 'API', currentImpactId: null },
      { id: seed.serviceIds[1], name: 'Dashboard', currentImpactId: null },
      { id: seed.serviceIds[2], name: 'Webhooks', currentImpactId: null },
    ]);
    const maintenance = await provider().loadPostOptions(seed.pageId, 'maintenance');
    expect(maintenance.statuses.map((choice) => choice.label)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(maintenance.severities.map((choice) => choice.id)).toEqual(Object.values(seed.severities.maintenance));
    expect(fake.violations).toEqual([]);
  });

  it('follows limit/offset pagination across more than 100 items', async () => {
    const large = fake.state.seedLarge({ services: 150, posts: 230 });
    const pd = provider();
    const options = await pd.loadPostOptions(large.pageId, 'incident');
    expect(options.components.map((component) => component.id)).toEqual(large.serviceIds);
    const posts = await pd.listOpenPosts(large.pageId);
    expect(posts.map((post) => post.id)).toEqual(large.postIds);
    const offsets = fake.calls
      .filter((call) => call.operationId === 'listStatusPagePosts')
      .map((call) => [call.query.limit, call.query.offset]);
    expect(offsets).toEqual([
      ['100', '0'],
      ['100', '100'],
      ['100', '200'],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('reads a post timeline newest first and reports each exchange', async () => {
    const pd = provider();
    await pd.publishUpdate(publishRequest({ message: 'second', reportedAt: new Date('2024-05-06T08:00:00Z') }));
    await pd.publishUpdate(publishRequest({ message: 'third', reportedAt: new Date('2024-05-06T09:00:00Z') }));
    const exchanges: ProviderExchange[] = [];
    const timeline = await pd.listTimeline(seed.pageId, seed.incidentPostId, {
      onExchange: (exchange) => exchanges.push(exchange),
    });
    expect(timeline.map((entry) => entry.message)).toEqual(['<p>third</p>', '<p>second</p>', '<p>Elevated API errors</p>']);
    expect(timeline[0]).toMatchObject({
      postId: seed.incidentPostId,
      statusId: seed.statuses.incident.identified,
      reportedAt: '2024-05-06T09:00:00.000Z',
    });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ method: 'GET', status: 200, errorCode: null, requestBody: null });
  });
});

describe('PagerDuty provider: publishing', () => {
  it('sends a post update the contract accepts and returns the stored entry', async () => {
    const exchanges: ProviderExchange[] = [];
    const entry = await provider().publishUpdate(publishRequest(), {
      onExchange: (exchange) => exchanges.push(exchange),
    });

    expect(fake.violations).toEqual([]);
    const stored = fake.state.updatesOf(seed.incidentPostId).at(-1)!;
    expect(stored).toMatchObject({
      message: '<p>We found the cause.</p>',
      statusId: seed.statuses.incident.identified,
      severityId: seed.severities.incident.major,
      impactedServices: [{ serviceId: seed.serviceIds[0], impactId: seed.impacts.incident.partialOutage }],
      notifySubscribers: true,
      updateFrequencyMs: null,
    });
    expect(entry).toEqual({
      id: stored.id,
      postId: seed.incidentPostId,
      message: stored.message,
      statusId: stored.statusId,
      reportedAt: stored.reportedAt,
      severityId: stored.severityId,
      impacts: [{ componentId: seed.serviceIds[0], impactId: seed.impacts.incident.partialOutage }],
    });
    const sent = postsToIncident()[0]?.body as { post_update: Record<string, unknown> };
    expect(sent.post_update.update_frequency_ms).toBeNull();
    expect(sent.post_update).not.toHaveProperty('reported_at');
    expect(sent.post_update.post).toEqual({ id: seed.incidentPostId, type: 'status_page_post' });
    expect(exchanges).toEqual([
      expect.objectContaining({
        method: 'POST',
        status: 201,
        requestBody: { post_update: sent.post_update },
        errorCode: null,
      }),
    ]);
    expect(exchanges[0]?.url).toBe(`${fake.url}/status_pages/${seed.pageId}/posts/${seed.incidentPostId}/post_updates`);
  });

  it('sends the next-update interval and a back-dated report time when given', async () => {
    await provider().publishUpdate(publishRequest({ nextUpdateMs: 30 * 60_000, reportedAt: new Date('2024-05-06T07:30:00Z') }));
    expect(fake.violations).toEqual([]);
    expect(fake.state.updatesOf(seed.incidentPostId).at(-1)).toMatchObject({
      updateFrequencyMs: 1_800_000,
      reportedAt: '2024-05-06T07:30:00.000Z',
    });
  });

  it('escapes HTML and keeps paragraphs and line breaks', async () => {
    await provider().publishUpdate(publishRequest({ message: `<script>alert("x")</script> & 'y'\nnext line\n\nNew paragraph` }));
    expect(fake.state.updatesOf(seed.incidentPostId).at(-1)?.message).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;<br>next line</p><p>New paragraph</p>',
    );
  });

  it('refuses an update without severity before calling PagerDuty', async () => {
    const error = await failure(provider().publishUpdate(publishRequest({ severityId: null })));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/severity/);
    expect(fake.calls).toEqual([]);
  });
});

describe('PagerDuty provider: failures', () => {
  it('turns a 400 into "rejected" with PagerDuty\'s own message', async () => {
    const error = await failure(provider().publishUpdate(publishRequest({ statusId: 'PNOSUCH' })));
    expect(error).toMatchObject({ kind: 'rejected', status: 400, provider: 'pagerduty' });
    expect(error.providerMessage).toBe("Invalid Input Provided: Status PNOSUCH is not one of this page's incident statuses");
    expect(error.requestId).toMatch(/^fake-pd-/);
  });

  it('turns a 401 into "unauthorized"', async () => {
    const error = await failure(provider({ token: 'wrong-token' }).listPages());
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, providerMessage: 'Unauthorized' });
  });

  it('turns a 404 into "not_found"', async () => {
    const error = await failure(provider().publishUpdate(publishRequest({ postId: 'PGONE00' })));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('never repeats a publish that failed with a 500, and calls it ambiguous', async () => {
    fake.inject({ route: 'createPostUpdate', times: 3, fault: { status: 500 } });
    const error = await failure(provider({ retries: 2 }).publishUpdate(publishRequest()));
    expect(error).toMatchObject({ kind: 'ambiguous', status: 500 });
    expect(postsToIncident()).toHaveLength(1);
  });

  it('calls a timeout after sending ambiguous, without a blind retry: exactly one update is stored', async () => {
    const before = fake.state.updatesOf(seed.incidentPostId).length;
    fake.inject({ route: 'createPostUpdate', fault: { type: 'timeout' } });
    const exchanges: ProviderExchange[] = [];
    const error = await failure(
      provider({ retries: 2, timeoutMs: 300 }).publishUpdate(publishRequest(), {
        onExchange: (exchange) => exchanges.push(exchange),
      }),
    );
    expect(error.kind).toBe('ambiguous');
    expect(postsToIncident()).toHaveLength(1);
    expect(fake.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(exchanges).toEqual([expect.objectContaining({ status: null, errorCode: 'ETIMEDOUT', responseBody: null })]);
    expect(exchanges[0]?.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('calls a reset after sending ambiguous and does not resend', async () => {
    fake.inject({ route: 'createPostUpdate', fault: { type: 'reset-after' } });
    const error = await failure(provider({ retries: 2 }).publishUpdate(publishRequest()));
    expect(error.kind).toBe('ambiguous');
    expect(postsToIncident()).toHaveLength(1);
    expect(fake.state.updatesOf(seed.incidentPostId).at(-1)?.message).toBe('<p>We found the cause.</p>');
  });

  it('retries a 503 after its Retry-After and publishes once', async () => {
    const before = fake.state.updatesOf(seed.incidentPostId).length;
    fake.inject({ route: 'createPostUpdate', fault: { status: 503, headers: { 'retry-after': '1' } } });
    const exchanges: ProviderExchange[] = [];
    const started = Date.now();
    await provider({ retries: 2 }).publishUpdate(publishRequest(), {
      onExchange: (exchange) => exchanges.push(exchange),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(exchanges.map((exchange) => exchange.status)).toEqual([503, 201]);
    expect(fake.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(fake.violations).toEqual([]);
  });

  it('waits as long as ratelimit-reset says after a 429, then succeeds', async () => {
    fake.inject({ route: 'createPostUpdate', fault: { status: 429, headers: { 'ratelimit-reset': '1' } } });
    const started = Date.now();
    const entry = await provider({ retries: 1 }).publishUpdate(publishRequest());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(entry.message).toBe('<p>We found the cause.</p>');
    expect(postsToIncident()).toHaveLength(2);
  });

  it('gives up at once as "rate_limited" when asked to wait longer than the cap', async () => {
    fake.inject({ route: 'listPages', fault: { status: 429, headers: { 'retry-after': '120' } } });
    const started = Date.now();
    const error = await failure(provider({ retries: 2, maxRetryWaitMs: 1000 }).listPages());
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries a read that failed with a 500', async () => {
    fake.inject({ route: 'listPages', fault: { status: 500 } });
    expect(await provider({ retries: 1 }).listPages()).toHaveLength(1);
  });

  it('calls a refused connection "unavailable" after bounded retries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const exchanges: ProviderExchange[] = [];
    const pd = createPagerDutyProvider({
      token: fake.token,
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 1,
      backoffMs: 10,
    });
    const error = await failure(pd.publishUpdate(publishRequest(), { onExchange: (exchange) => exchanges.push(exchange) }));
    expect(error.kind).toBe('unavailable');
    expect(exchanges.map((exchange) => exchange.errorCode)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('calls a 2xx answer that is not JSON "invalid_response"', async () => {
    fake.inject({ route: 'createPostUpdate', fault: { type: 'garbage' } });
    const error = await failure(provider().publishUpdate(publishRequest()));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 201 });
  });

  it('never lets the token into errors or exchanges, and keeps working after a failure', async () => {
    fake.inject({
      route: 'createPostUpdate',
      fault: { status: 422, body: { error: { message: 'Nope', code: 2001, errors: ['bad'] } } },
    });
    const exchanges: ProviderExchange[] = [];
    const pd = provider();
    const error = await failure(pd.publishUpdate(publishRequest(), { onExchange: (exchange) => exchanges.push(exchange) }));
    expect(error).toMatchObject({ kind: 'rejected', status: 422, providerMessage: 'Nope: bad' });
    expect(error.cause).toBeDefined();
    expect(inspect(error, { depth: Infinity })).not.toContain(fake.token);
    expect(JSON.stringify(exchanges)).not.toContain(fake.token);
    expect(JSON.stringify(fake.calls)).not.toContain(fake.token);
    expect(await pd.listPages()).toHaveLength(1);
  });

  it('does not let a failing audit callback turn a published update into an error', async () => {
    const entry = await provider().publishUpdate(publishRequest(), {
      onExchange: () => {
        throw new Error('audit store is down');
      },
    });
    expect(entry.message).toBe('<p>We found the cause.</p>');
    expect(postsToIncident()).toHaveLength(1);
  });
});
