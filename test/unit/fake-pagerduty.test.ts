import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import type { DefaultSeed } from '../fakes/fake-pagerduty-state.js';

// The fake is only useful if it is as strict as PagerDuty: these tests hold it to that.

let fake: FakePagerDuty;
let seed: DefaultSeed;

beforeEach(async () => {
  fake = await startFakePagerDuty({ large: { services: 130, posts: 3 } });
  seed = fake.seed!;
});

afterEach(async () => {
  await fake.close();
});

const ACCEPT = 'application/vnd.pagerduty+json;version=2';

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${fake.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Token token=${fake.token}`,
      accept: ACCEPT,
      'content-type': 'application/json',
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function postUpdate(overrides: Record<string, unknown> = {}) {
  return {
    post_update: {
      type: 'status_page_post_update',
      message: '<p>Fixed</p>',
      status: { id: seed.statuses.incident.resolved, type: 'status_page_status' },
      severity: { id: seed.severities.incident.allGood, type: 'status_page_severity' },
      impacted_services: [],
      post: { id: seed.incidentPostId, type: 'status_page_post' },
      notify_subscribers: false,
      update_frequency_ms: null,
      ...overrides,
    },
  };
}

const updatesPath = () => `/status_pages/${seed.pageId}/posts/${seed.incidentPostId}/post_updates`;

describe('fake PagerDuty', () => {
  it("answers a wrong token with 401 and PagerDuty's error body", async () => {
    const answer = await call('/status_pages', { headers: { authorization: 'Token token=nope' } });
    expect(answer).toEqual({ status: 401, body: { error: { code: 2006, message: 'Unauthorized' } } });
    expect(fake.violations).toEqual([]);
  });

  it('answers a request the contract rejects with 400, records the violation and stores nothing', async () => {
    const before = fake.state.updatesOf(seed.incidentPostId).length;
    const { update_frequency_ms: _omitted, ...incomplete } = postUpdate().post_update;
    const answer = await call(updatesPath(), { method: 'POST', body: { post_update: incomplete } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: {
        code: 2001,
        message: 'Invalid Input Provided',
        errors: ["body/post_update must have required property 'update_frequency_ms'"],
      },
    });
    expect(fake.violations).toEqual([expect.objectContaining({ direction: 'request', operationId: 'createStatusPagePostUpdate' })]);
    expect(fake.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
  });

  it('insists on the v2 Accept header', async () => {
    expect((await call('/status_pages', { headers: { accept: 'application/json' } })).status).toBe(400);
    expect(fake.violations[0]?.errors[0]).toMatch(/^Accept must be application\/vnd\.pagerduty\+json;version=2/);
  });

  it('stores a valid update, moves the post to its status and answers 201', async () => {
    const answer = await call(updatesPath(), { method: 'POST', body: postUpdate() });
    expect(answer.status).toBe(201);
    expect(fake.state.posts.get(seed.incidentPostId)?.statusId).toBe(seed.statuses.incident.resolved);
    expect(fake.violations).toEqual([]);
  });

  it('refuses ids that are not records of the page for that kind of post', async () => {
    const answer = await call(updatesPath(), {
      method: 'POST',
      body: postUpdate({ status: { id: 'identified', type: 'status_page_status' } }),
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { errors: ["Status identified is not one of this page's incident statuses"] } },
    });
  });

  it('pages with limit (25 by default, at most 100), offset, more and total on request', async () => {
    const services = `/status_pages/${fake.large!.pageId}/services`;
    const first = await call(services);
    expect(first.body).toMatchObject({ limit: 25, offset: 0, more: true, total: null });
    expect(first.body.services).toHaveLength(25);
    const big = await call(`${services}?limit=500&offset=100&total=true`);
    expect(big.body).toMatchObject({ limit: 100, offset: 100, more: false, total: 130 });
    expect(big.body.services).toHaveLength(30);
    expect(fake.violations).toEqual([]);
  });

  it("answers 404 with PagerDuty's error body for an unknown page or post", async () => {
    expect(await call('/status_pages/PNOPAGE/statuses')).toMatchObject({
      status: 404,
      body: { error: { code: 2100, message: 'Not Found' } },
    });
    expect((await call(`/status_pages/${seed.pageId}/posts/PNOPOST/post_updates`)).status).toBe(404);
  });

  it('records every call with its query, and never the token', async () => {
    await call(`/status_pages/${seed.pageId}/posts?status[]=A&status[]=B&post_type=incident`);
    expect(fake.calls[0]).toMatchObject({
      method: 'GET',
      path: `/status_pages/${seed.pageId}/posts`,
      query: { 'status[]': ['A', 'B'], post_type: 'incident' },
      operationId: 'listStatusPagePosts',
    });
    expect(fake.calls[0]?.headers.authorization).toBe('Token token=[redacted]');
  });

  it('injects faults a given number of times, per route', async () => {
    fake.inject({ route: 'listPages', times: 2, fault: { status: 503, headers: { 'retry-after': '1' } } });
    expect((await call(`/status_pages/${seed.pageId}/statuses`)).status).toBe(200);
    expect((await call('/status_pages')).status).toBe(503);
    expect((await call('/status_pages')).status).toBe(503);
    expect((await call('/status_pages')).status).toBe(200);
  });

  it("slows every answer, or one route's, when told to", async () => {
    fake.setLatency(150);
    let started = Date.now();
    await call('/status_pages');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.setLatency(0);
    fake.inject({ route: 'listStatusPageStatuses', fault: { type: 'latency', ms: 150 } });
    started = Date.now();
    expect((await call(`/status_pages/${seed.pageId}/statuses`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('stores the update before a reset-after, and not before a reset-before', async () => {
    const before = fake.state.updatesOf(seed.incidentPostId).length;
    fake.inject({ route: 'createPostUpdate', fault: { type: 'reset-before' } });
    await expect(call(updatesPath(), { method: 'POST', body: postUpdate() })).rejects.toThrow();
    expect(fake.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
    fake.inject({ route: 'createPostUpdate', fault: { type: 'reset-after' } });
    await expect(call(updatesPath(), { method: 'POST', body: postUpdate() })).rejects.toThrow();
    expect(fake.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
  });
});
