import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeDevHelm, type FakeDevHelm } from '../fakes/fake-devhelm.js';
import { startFakeStatuspage, type FakeStatuspage } from '../fakes/fake-statuspage.js';

// The fakes are only useful if they are as strict as the real APIs: these tests hold them to that.

async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('fake DevHelm', () => {
  let fake: FakeDevHelm;
  beforeAll(async () => {
    fake = await startFakeDevHelm();
  });
  afterAll(async () => {
    await fake.close();
  });
  const auth = () => ({ authorization: `Bearer ${fake.token}` });
  const updates = () => `${fake.url}/api/v1/status-pages/${fake.seed!.pageId}/incidents/${fake.seed!.incidentId}/updates`;

  it("answers a wrong token with 401 in DevHelm's error envelope, with its request id", async () => {
    const answer = await call(`${fake.url}/api/v1/status-pages`, { headers: { authorization: 'Bearer nope' } });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: expect.any(String),
      requestId: answer.headers.get('x-request-id'),
    });
  });

  it('refuses what the contract refuses (empty body, unknown status), records it, stores nothing', async () => {
    const before = fake.state.incidents.get(fake.seed!.incidentId)!.updates.length;
    for (const body of [
      { status: 'IDENTIFIED', body: '' },
      { status: 'FIXED', body: 'x' },
      { status: 'IDENTIFIED', body: 'x', affectedComponents: [{ componentId: 'not-a-uuid', status: 'OPERATIONAL' }] },
    ]) {
      const answer = await call(updates(), { method: 'POST', body, headers: auth() });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
    }
    expect(fake.violations).toHaveLength(3);
    expect(fake.state.incidents.get(fake.seed!.incidentId)!.updates).toHaveLength(before);
    fake.violations.length = 0;
  });

  it('pages with page/size and hasNext, and answers a created update with the whole incident', async () => {
    const first = await call(`${fake.url}/api/v1/status-pages/${fake.seed!.pageId}/components?page=0&size=2`, { headers: auth() });
    expect(first.body).toMatchObject({ hasNext: true, hasPrev: false, totalElements: 4 });
    const created = await call(updates(), { method: 'POST', body: { status: 'MONITORING', body: 'ok' }, headers: auth() });
    expect(created.status).toBe(201);
    expect((created.body.data as { updates: { body: string }[] }).updates[0]!.body).toBe('ok');
    expect(fake.violations).toEqual([]);
  });
});

describe('fake Statuspage', () => {
  let fake: FakeStatuspage;
  beforeAll(async () => {
    fake = await startFakeStatuspage({ rateLimitMs: 200, rateLimitToleranceMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });
  const auth = () => ({ authorization: `OAuth ${fake.token}` });
  const incident = () => `${fake.url}/pages/${fake.seed!.pageId}/incidents/${fake.seed!.incidentId}`;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 220));

  it('answers 420 with Retry-After to a second request within the limit', async () => {
    await pause();
    expect((await call(`${fake.url}/pages`, { headers: auth() })).status).toBe(200);
    const tooSoon = await call(`${fake.url}/pages`, { headers: auth() });
    expect(tooSoon.status).toBe(420);
    expect(tooSoon.headers.get('retry-after')).toBe('1');
    expect(fake.rateLimited).toBe(1);
  });

  it('refuses what the contract refuses and statuses that do not suit the post', async () => {
    await pause();
    const badStatus = await call(incident(), { method: 'PATCH', body: { incident: { status: 'fixed' } }, headers: auth() });
    expect(badStatus.status).toBe(400);
    expect(fake.violations).toHaveLength(1);
    fake.violations.length = 0;
    await pause();
    const maintenanceStatus = await call(incident(), {
      method: 'PATCH',
      body: { incident: { status: 'in_progress', body: 'x' } },
      headers: auth(),
    });
    expect(maintenanceStatus).toMatchObject({ status: 422, body: { message: expect.stringContaining('not valid for an incident') } });
    await pause();
    const group = await call(incident(), {
      method: 'PATCH',
      body: { incident: { components: { [fake.seed!.groupId]: 'major_outage' } } },
      headers: auth(),
    });
    expect(group.status).toBe(422);
    expect(fake.violations).toEqual([]);
  });

  it('pages bare arrays with page and per_page', async () => {
    await pause();
    const second = await call(`${fake.url}/pages/${fake.seed!.pageId}/components?page=2&per_page=3`, { headers: auth() });
    expect(second.body).toEqual([expect.objectContaining({ name: 'Webhooks' })]);
    expect(fake.violations).toEqual([]);
  });
});
