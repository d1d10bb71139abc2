import { LogLevel, WebClient } from '@slack/web-api';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import {
  checkClientFor,
  createPublisherCheck,
  groupIdsByHandle,
  listHandles,
  notAMemberMessage,
} from '../../src/slack/permissions/publisher-permission.js';
import { draftFromEntry } from '../../src/slack/update-form/prefill-from-page.js';

describe('who may publish: the pure parts', () => {
  it('names the groups the way people read them', () => {
    expect(listHandles(['sre'])).toBe('@sre');
    expect(listHandles(['incident-commanders', 'sre'])).toBe('@incident-commanders or @sre');
    expect(listHandles(['a', 'b', 'c'])).toBe('@a, @b or @c');
    expect(notAMemberMessage(['incident-commanders', 'sre'])).toBe(
      'Only members of @incident-commanders or @sre can publish status updates. Ask one of them, or ask an admin to add you.',
    );
  });

  it('keeps only the configured handles, compared in lower case, and never a deleted group', () => {
    const ids = groupIdsByHandle(
      [
        { id: 'S1', handle: 'SRE' },
        { id: 'S2', handle: 'marketing' },
        { id: 'S3', handle: 'old-ic', date_delete: 1_700_000_000 },
        { handle: 'no-id' },
      ],
      ['sre', 'old-ic', 'ghosts'],
    );
    expect([...ids]).toEqual([['sre', 'S1']]);
  });
});

describe('the form prefilled from the page', () => {
  const target = {
    provider: 'pagerduty' as const,
    page: { id: 'P1', name: 'Acme', url: null },
    post: { id: 'POST1', title: 'Errors', kind: 'incident' as const, url: null },
  };
  const options = {
    statuses: [
      { id: 'ST1', label: 'investigating' },
      { id: 'ST2', label: 'monitoring' },
    ],
    severities: [{ id: 'SV1', label: 'minor' }],
    impacts: [{ id: 'IM1', label: 'partial outage' }],
    components: [{ id: 'C1', name: 'API', currentImpactId: null }],
  };

  it("takes the entry's status, severity and impacts, leaves out what the page no longer offers, and empties the message", () => {
    const draft = draftFromEntry(
      target,
      {
        id: 'E1',
        postId: 'POST1',
        message: '<p>x</p>',
        statusId: 'ST2',
        reportedAt: null,
        severityId: 'SV1',
        impacts: [
          { componentId: 'C1', impactId: 'IM1' },
          { componentId: 'GONE', impactId: 'IM1' },
        ],
      },
      options,
      null,
    );
    expect(draft).toMatchObject({
      status: { id: 'ST2', label: 'monitoring' },
      severity: { id: 'SV1', label: 'minor' },
      impacts: [{ component: { id: 'C1', label: 'API' }, impact: { id: 'IM1', label: 'partial outage' } }],
      message: '',
      nextUpdateMinutes: 30,
      notifySubscribers: true,
    });
  });

  it('keeps the previous draft when the entry has a status the page does not offer', () => {
    expect(
      draftFromEntry(target, { id: 'E1', postId: 'POST1', message: '', statusId: 'CUSTOM', reportedAt: null }, options, null),
    ).toBeNull();
  });
});

describe('the check against Slack: never long, never waiting when it has asked before', () => {
  /** Slack as the check sees it: each call answered by `answer`, which may take its time. */
  function fakeSlack() {
    const calls: string[] = [];
    const slack = {
      answer: async (method: string): Promise<unknown> => {
        if (method === 'list') return { ok: true, usergroups: [{ id: 'S1', handle: 'sre' }] };
        return { ok: true, users: ['U_MEMBER'] };
      },
      calls,
      client: {
        usergroups: {
          list: async () => {
            calls.push('list');
            return slack.answer('list');
          },
          users: {
            list: async () => {
              calls.push('members');
              return slack.answer('members');
            },
          },
        },
      } as unknown as WebClient,
    };
    return slack;
  }
  const logger = pino({ level: 'silent' });
  const never = () => new Promise<never>(() => undefined);

  it('with no answer at all in time, refuses with a message saying so, within the budget', async () => {
    const slack = fakeSlack();
    slack.answer = never;
    const check = createPublisherCheck({ handles: ['sre'], logger, budgetMs: 50, checkClient: () => slack.client });
    const started = Date.now();
    const answer = await check.check({} as WebClient, 'T1', 'U_MEMBER');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer).toEqual({
      allowed: false,
      reason: 'slack-error',
      message:
        'Herald cannot check who may publish: Slack did not answer about user groups in time. Nothing was published; try again in a moment.',
    });
  });

  it('answers from its last answer at once once that is stale, and asks Slack again behind it', async () => {
    let now = 0;
    const slack = fakeSlack();
    const check = createPublisherCheck({
      handles: ['sre'],
      logger,
      budgetMs: 50,
      membersTtlMs: 30_000,
      groupsTtlMs: 300_000,
      checkClient: () => slack.client,
      now: () => now,
    });
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    expect(slack.calls).toEqual(['list', 'members']);

    // Stale, and Slack now never answers: the member is still let through, without waiting.
    now = 10 * 60_000;
    slack.answer = never;
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    expect(slack.calls).toEqual(['list', 'members', 'list', 'members']);
    // One refresh at a time: asking again while it is on its way does not ask Slack again.
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    expect(slack.calls).toHaveLength(4);
  });

  it('uses what the refresh brought: someone removed from the group is refused once Slack has said so', async () => {
    let now = 0;
    const slack = fakeSlack();
    const check = createPublisherCheck({ handles: ['sre'], logger, checkClient: () => slack.client, now: () => now });
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    now = 31_000;
    slack.answer = async (method) =>
      method === 'list' ? { ok: true, usergroups: [{ id: 'S1', handle: 'sre' }] } : { ok: true, users: [] };
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true }); // the stale answer, refreshing behind it
    await new Promise((resolve) => setImmediate(resolve));
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toMatchObject({ allowed: false, reason: 'not-a-member' });
  });

  it('a failed refresh keeps the last answer; an answer older than staleMs is not used any more', async () => {
    let now = 0;
    const slack = fakeSlack();
    const check = createPublisherCheck({
      handles: ['sre'],
      logger,
      budgetMs: 50,
      staleMs: 60 * 60_000,
      checkClient: () => slack.client,
      now: () => now,
    });
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    now = 40_000;
    slack.answer = async () => {
      throw Object.assign(new Error('down'), { code: 'slack_webapi_http_error' });
    };
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toEqual({ allowed: true });
    now = 2 * 60 * 60_000;
    expect(await check.check({} as WebClient, 'T1', 'U_MEMBER')).toMatchObject({ allowed: false, reason: 'slack-error' });
  });
});

describe('the client the check calls Slack with', () => {
  let server: Server;
  let url: string;
  let answers: Array<{ status: number; headers?: Record<string, string>; body: unknown; delayMs?: number }>;
  let seen = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      seen += 1;
      const next = answers.shift() ?? { status: 200, body: { ok: true, usergroups: [] } };
      setTimeout(() => {
        response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
        response.end(JSON.stringify(next.body));
      }, next.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    answers = [];
    seen = 0;
  });

  const requestClient = () => new WebClient('xoxb-workspace-token', { slackApiUrl: url, logLevel: LogLevel.ERROR });

  it("is one per workspace token, on the request client's Slack", () => {
    const client = checkClientFor(requestClient());
    expect(checkClientFor(requestClient())).toBe(client);
    expect(client.token).toBe('xoxb-workspace-token');
    expect(client.slackApiUrl).toBe(url);
    expect(checkClientFor(new WebClient('xoxb-other', { slackApiUrl: url }))).not.toBe(client);
  });

  it('fails at once on a rate limit instead of waiting it out, and does not retry a server error', async () => {
    const client = checkClientFor(requestClient());
    answers = [{ status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } }];
    const started = Date.now();
    await expect(client.usergroups.list({})).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(Date.now() - started).toBeLessThan(1_000);
    answers = [{ status: 500, body: {} }];
    await expect(client.usergroups.list({})).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    expect(seen).toBe(2);
  });

  it('gives up on a call that takes longer than its timeout', async () => {
    const client = checkClientFor(new WebClient('xoxb-slow-token', { slackApiUrl: url }), 100);
    answers = [{ status: 200, body: { ok: true, usergroups: [] }, delayMs: 1_000 }];
    const started = Date.now();
    await expect(client.usergroups.list({})).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    expect(Date.now() - started).toBeLessThan(900);
  });
});
