import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { prepareContract } from '../fakes/contract-schema-prep.js';
import { loadContract, validateRequest, validateResponse } from '../fakes/contract-validator.js';

const pagerduty = loadContract('pagerduty');
const statuspage = loadContract('statuspage');
const devhelm = loadContract('devhelm');

const PD_HEADERS = { Accept: 'application/vnd.pagerduty+json;version=2' };
const POST_UPDATES = '/status_pages/PABC123/posts/PPOST01/post_updates';
const UUID = '3f1b0c1e-8a7d-4e0b-9d1a-2b3c4d5e6f70';

function postUpdate(overrides: Record<string, unknown> = {}) {
  return {
    post_update: {
      type: 'status_page_post_update',
      message: '<p>We found the cause.</p>',
      status: { id: 'P0400H4', type: 'status_page_status' },
      severity: { id: 'PY5OM08', type: 'status_page_severity' },
      impacted_services: [
        {
          service: { id: 'PYHMEI3', type: 'status_page_service' },
          impact: { id: 'PF9KMXH', type: 'status_page_impact' },
        },
      ],
      post: { id: 'PPOST01', type: 'status_page_post' },
      notify_subscribers: true,
      update_frequency_ms: null,
      ...overrides,
    },
  };
}

describe('contract validator: PagerDuty requests', () => {
  it('accepts a complete post update and names the operation', () => {
    expect(validateRequest(pagerduty, { method: 'POST', path: POST_UPDATES, headers: PD_HEADERS, body: postUpdate() })).toEqual({
      ok: true,
      operationId: 'createStatusPagePostUpdate',
      pathParams: { id: 'PABC123', post_id: 'PPOST01' },
    });
  });

  it("rejects a post update without update_frequency_ms, as the spec's own example is", () => {
    const { update_frequency_ms: _omitted, ...withoutFrequency } = postUpdate().post_update;
    const result = validateRequest(pagerduty, {
      method: 'POST',
      path: POST_UPDATES,
      headers: PD_HEADERS,
      body: { post_update: withoutFrequency },
    });
    expect(result).toEqual({
      ok: false,
      operationId: 'createStatusPagePostUpdate',
      errors: ["body/post_update must have required property 'update_frequency_ms'"],
    });

    const paths = pagerduty.document.paths as Record<string, { post: { requestBody: { content: Record<string, { example: unknown }> } } }>;
    const specExample = paths['/status_pages/{id}/posts/{post_id}/post_updates']!.post.requestBody.content['application/json']!.example;
    const exampleResult = validateRequest(pagerduty, {
      method: 'POST',
      path: POST_UPDATES,
      headers: PD_HEADERS,
      body: specExample,
    });
    expect(exampleResult.ok).toBe(false);
  });

  it('rejects wrong types', () => {
    const result = validateRequest(pagerduty, {
      method: 'POST',
      path: POST_UPDATES,
      headers: PD_HEADERS,
      body: postUpdate({
        message: 42,
        notify_subscribers: 'yes',
        impacted_services: {},
        status: { type: 'status_page_status' },
      }),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'body/post_update/message must be string',
        'body/post_update/notify_subscribers must be boolean',
        'body/post_update/impacted_services must be array',
        "body/post_update/status must have required property 'id'",
      ]),
    );
  });

  it('takes null only where the contract says nullable', () => {
    const nullables = postUpdate({ update_frequency_ms: null, reported_at: null });
    expect(validateRequest(pagerduty, { method: 'POST', path: POST_UPDATES, headers: PD_HEADERS, body: nullables }).ok).toBe(true);
    const withFrequency = postUpdate({ update_frequency_ms: 1_800_000, reported_at: '2024-05-06T07:30:00.000Z' });
    expect(validateRequest(pagerduty, { method: 'POST', path: POST_UPDATES, headers: PD_HEADERS, body: withFrequency }).ok).toBe(true);
    const result = validateRequest(pagerduty, {
      method: 'POST',
      path: POST_UPDATES,
      headers: PD_HEADERS,
      body: postUpdate({ message: null }),
    });
    expect(result).toMatchObject({ ok: false, errors: ['body/post_update/message must be string'] });
    const badDate = validateRequest(pagerduty, {
      method: 'POST',
      path: POST_UPDATES,
      headers: PD_HEADERS,
      body: postUpdate({ reported_at: 'yesterday' }),
    });
    expect(badDate).toMatchObject({
      ok: false,
      errors: ['body/post_update/reported_at must match format "date-time"'],
    });
  });

  it('requires the Accept header and checks query parameters', () => {
    expect(validateRequest(pagerduty, { method: 'GET', path: '/status_pages' })).toMatchObject({
      ok: false,
      errors: ["header parameter 'Accept' is required"],
    });
    expect(
      validateRequest(pagerduty, {
        method: 'GET',
        path: '/status_pages/P1/statuses?post_type=outage',
        headers: PD_HEADERS,
      }),
    ).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^query parameter 'post_type' must be equal to one of the allowed values/)],
    });
    const filtered = validateRequest(pagerduty, {
      method: 'GET',
      path: '/status_pages/P1/posts',
      query: { 'status[]': ['PA', 'PB'], post_type: 'incident', limit: '100', offset: '0' },
      headers: PD_HEADERS,
    });
    expect(filtered).toMatchObject({ ok: true, operationId: 'listStatusPagePosts' });
    expect(
      validateRequest(pagerduty, {
        method: 'GET',
        path: '/status_pages?status_page_type=audience_specific',
        headers: PD_HEADERS,
      }).ok,
    ).toBe(true);
  });

  it('tells an unknown path from a method the path does not take', () => {
    expect(validateRequest(pagerduty, { method: 'GET', path: '/incidents', headers: PD_HEADERS })).toEqual({
      ok: false,
      errors: ['no operation for GET /incidents'],
    });
    expect(validateRequest(pagerduty, { method: 'DELETE', path: POST_UPDATES, headers: PD_HEADERS })).toEqual({
      ok: false,
      errors: [`DELETE is not allowed on ${POST_UPDATES}`],
    });
  });
});

describe('contract validator: PagerDuty responses', () => {
  const page = {
    id: 'PT4KHLK',
    name: 'Acme',
    url: 'https://status.acme.test',
    status_page_type: 'audience_specific',
    published_at: null,
    type: 'status_page',
  };

  it('accepts audience_specific pages and nullable fields, rejects unknown page types', () => {
    const body = { status_pages: [page], limit: 25, offset: 0, more: false, total: null };
    expect(validateResponse(pagerduty, { method: 'GET', path: '/status_pages', status: 200, body }).ok).toBe(true);
    const secret = { ...body, status_pages: [{ ...page, status_page_type: 'secret' }] };
    expect(validateResponse(pagerduty, { method: 'GET', path: '/status_pages', status: 200, body: secret }).ok).toBe(false);
  });

  it('checks error bodies and refuses undeclared statuses', () => {
    const error = { error: { code: 2001, message: 'Invalid Input Provided', errors: ['Status not found'] } };
    expect(validateResponse(pagerduty, { method: 'POST', path: POST_UPDATES, status: 400, body: error }).ok).toBe(true);
    expect(validateResponse(pagerduty, { method: 'POST', path: POST_UPDATES, status: 400, body: { error: { code: 'bad' } } }).ok).toBe(
      false,
    );
    expect(validateResponse(pagerduty, { method: 'POST', path: POST_UPDATES, status: 500, body: error })).toMatchObject({
      ok: false,
      errors: ['status 500 is not declared for createStatusPagePostUpdate'],
    });
  });
});

describe('contract validator: Statuspage', () => {
  const incident = (components: Record<string, string>) => ({
    incident: {
      status: 'identified',
      body: 'We found it.',
      components,
      component_ids: Object.keys(components),
      deliver_notifications: true,
    },
  });

  it('accepts a components map keyed by any component id', () => {
    const result = validateRequest(statuspage, {
      method: 'PATCH',
      path: '/pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
      body: incident({ ftgks51sfs2d: 'major_outage', b13yz5g2cw10: 'operational' }),
    });
    expect(result).toMatchObject({ ok: true, operationId: 'patchPagesPageIdIncidentsIncidentId' });
  });

  it('rejects a component status that does not exist', () => {
    const result = validateRequest(statuspage, {
      method: 'PATCH',
      path: '/pages/p/incidents/i',
      body: incident({ ftgks51sfs2d: 'on_fire' }),
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('body/incident/components/ftgks51sfs2d must be equal to one of the allowed values')],
    });
  });

  it('matches literal path segments before templated ones, with or without the /v1 base path', () => {
    expect(
      validateRequest(statuspage, {
        method: 'GET',
        path: '/v1/pages/p/incidents/unresolved',
        query: { page: '2', per_page: '100' },
      }),
    ).toMatchObject({
      ok: true,
      operationId: 'getPagesPageIdIncidentsUnresolved',
    });
    expect(validateRequest(statuspage, { method: 'GET', path: '/pages/p/incidents/unresolved?per_page=many' })).toMatchObject({
      ok: false,
      errors: ["query parameter 'per_page' must be integer"],
    });
  });
});

describe('contract validator: DevHelm', () => {
  const updates = `/api/v1/status-pages/${UUID}/incidents/${UUID}/updates`;

  it('accepts a valid incident update and rejects a bad status', () => {
    const valid = {
      status: 'IDENTIFIED',
      body: 'Found it',
      notifySubscribers: null,
      affectedComponents: [{ componentId: UUID, status: 'PARTIAL_OUTAGE' }],
    };
    expect(validateRequest(devhelm, { method: 'POST', path: updates, body: valid })).toMatchObject({
      ok: true,
      operationId: 'postIncidentUpdate',
    });
    const result = validateRequest(devhelm, {
      method: 'POST',
      path: updates,
      body: { status: 'FIXED', body: 'Found it' },
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('body/status must be equal to one of the allowed values')],
    });
  });

  it('checks uuid path parameters and the spread-out pageable query parameter', () => {
    expect(
      validateRequest(devhelm, {
        method: 'GET',
        path: `/api/v1/status-pages/${UUID}/incidents`,
        query: { page: '0', size: '50' },
      }).ok,
    ).toBe(true);
    expect(
      validateRequest(devhelm, {
        method: 'GET',
        path: '/api/v1/status-pages/not-a-uuid/incidents',
        query: { page: '0', size: '0' },
      }),
    ).toMatchObject({
      ok: false,
      errors: [`path parameter 'id' must match format "uuid"`, "query parameter 'size' (of 'pageable') must be >= 1"],
    });
  });

  it('reads */* success bodies as JSON and nullable allOf items in errors', () => {
    const wrong = validateResponse(devhelm, {
      method: 'POST',
      path: updates,
      status: 201,
      body: { data: { id: 'x' } },
    });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.errors).toContain("response body/data must have required property 'title'");
    const error = {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Invalid',
      timestamp: 1,
      requestId: null,
      errors: [null, { code: 'x', field: 'body', message: 'empty' }],
    };
    expect(validateResponse(devhelm, { method: 'POST', path: updates, status: 400, body: error }).ok).toBe(true);
  });
});

describe('prepareContract', () => {
  const document = {
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'name', 'secret'],
          properties: {
            id: { type: 'string', readOnly: true },
            name: { type: 'string' },
            secret: { type: 'string', writeOnly: true },
            parent: { nullable: true, allOf: [{ type: 'object' }] },
          },
        },
      },
    },
  };
  const thing = (direction: 'request' | 'response') => {
    const ajv = new Ajv({ strict: false });
    const prepared = prepareContract('pagerduty', document, direction) as typeof document;
    return ajv.compile(prepared.components.schemas.Thing);
  };

  it('does not require readOnly properties in requests, nor writeOnly ones in responses', () => {
    expect(thing('request')({ name: 'n', secret: 's' })).toBe(true);
    expect(thing('request')({ id: 'i', secret: 's' })).toBe(false);
    expect(thing('response')({ id: 'i', name: 'n' })).toBe(true);
    expect(thing('response')({ name: 'n' })).toBe(false);
  });

  it('lets a nullable schema without a type take null, and leaves the original document alone', () => {
    expect(thing('response')({ id: 'i', name: 'n', parent: null })).toBe(true);
    expect(thing('response')({ id: 'i', name: 'n', parent: 'p' })).toBe(false);
    expect(document.components.schemas.Thing.required).toEqual(['id', 'name', 'secret']);
  });
});
