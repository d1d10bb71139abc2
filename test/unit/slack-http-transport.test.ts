import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient, type WebAPICallResult } from '@slack/web-api';
import { createSlackHttpTransport, type SlackHttpTransport } from '../../src/slack/http/slack-http-transport.js';
import { startConnectProxy } from '../support/connect-proxy.js';

// The transport stands in for fetch under the WebClient: what the WebClient sends must arrive intact,
// what Slack answers must come back as the WebClient expects, and failures must fail the call.

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  remotePort: number;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
let answer: (request: IncomingMessage, response: ServerResponse) => void;
let transport: SlackHttpTransport;

beforeEach(async () => {
  seen = [];
  answer = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write, commands' });
    response.end(JSON.stringify({ ok: true, view: { id: 'V1' } }));
  };
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body, remotePort: request.socket.remotePort! });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  // No proxy: these tests are about Herald's own connections, whatever the machine's environment.
  transport = createSlackHttpTransport({ proxyAgentFor: () => undefined });
});

afterEach(async () => {
  transport.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const clientWith = (options: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient('xoxb-test-token', {
    slackApiUrl: baseUrl,
    fetch: transport.fetch,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });

test('a Web API call arrives as the WebClient sent it and its answer comes back parsed', async () => {
  const result = (await clientWith().views.open({
    trigger_id: 'T1',
    view: { type: 'modal', title: { type: 'plain_text', text: 'é ✓' }, blocks: [] },
  })) as WebAPICallResult & {
    view: { id: string };
  };

  expect(result.ok).toBe(true);
  expect(result.view.id).toBe('V1');
  expect(result.response_metadata?.scopes).toEqual(['chat:write', 'commands']);
  const [request] = seen;
  expect(request!.method).toBe('POST');
  expect(request!.url).toBe('/api/views.open');
  expect(request!.headers.authorization).toBe('Bearer xoxb-test-token');
  // The views methods go as JSON (patches/README.md); the length counts bytes, not characters.
  expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(Number(request!.headers['content-length'])).toBe(Buffer.byteLength(request!.body));
  const body = JSON.parse(request!.body) as { trigger_id: string; view: { title: { text: string } } };
  expect(body.trigger_id).toBe('T1');
  expect(body.view.title.text).toBe('é ✓');
});

test('a form-encoded call arrives whole, its length in bytes', async () => {
  await clientWith().chat.postMessage({ channel: 'C1', text: 'é ✓' });
  const [request] = seen;
  expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(Number(request!.headers['content-length'])).toBe(Buffer.byteLength(request!.body));
  expect(new URLSearchParams(request!.body).get('text')).toBe('é ✓');
});

test('calls one after another reuse one connection', async () => {
  const client = clientWith();
  for (let i = 0; i < 5; i += 1) await client.auth.test();

  expect(new Set(seen.map((request) => request.remotePort)).size).toBe(1);
});

test("Slack's error answers reach the caller as the WebClient's own errors", async () => {
  answer = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: false, error: 'expired_trigger_id' }));
  };
  await expect(
    clientWith().views.open({ trigger_id: 'T1', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }),
  ).rejects.toMatchObject({
    data: { error: 'expired_trigger_id' },
  });

  answer = (_request, response) => {
    response.writeHead(500, { 'x-request-id': 'abc' });
    response.end('upstream broke');
  };
  await expect(clientWith().auth.test()).rejects.toMatchObject({
    code: 'slack_webapi_http_error',
    statusCode: 500,
    body: 'upstream broke',
    headers: { 'x-request-id': 'abc' },
  });
});

test('a 429 is waited out for as long as Retry-After says, then the call is made again', async () => {
  let calls = 0;
  answer = (_request, response) => {
    calls += 1;
    if (calls === 1) {
      response.writeHead(429, { 'retry-after': '0' });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  };
  await expect(clientWith({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } }).auth.test()).resolves.toMatchObject({ ok: true });
  expect(calls).toBe(2);
});

test('a call Slack does not answer in time fails with the WebClient timeout, and so does an unreachable Slack', async () => {
  answer = () => undefined; // never answers
  await expect(clientWith({ timeout: 50 }).auth.test()).rejects.toMatchObject({ code: 'slack_webapi_request_error' });

  const unreachable = new WebClient('xoxb-test-token', {
    slackApiUrl: 'http://127.0.0.1:1/api/',
    fetch: transport.fetch,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  await expect(unreachable.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
});

test('a redirect fails the call, since the WebClient forbids following one', async () => {
  answer = (_request, response) => {
    response.writeHead(302, { location: 'http://example.invalid/' });
    response.end();
  };
  await expect(clientWith().auth.test()).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
});

test('a response_url post (as Bolt sends it) gets a fetch-like answer', async () => {
  const response = await transport.fetch(`${baseUrl}response`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"text":"hi"}',
  });

  expect(response.ok).toBe(true);
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/json');
  expect(await response.json()).toEqual({ ok: true, view: { id: 'V1' } });
  expect(seen[0]!.body).toBe('{"text":"hi"}');
});

describe('a proxy named in the environment', () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('carries every call, on this Node, and NO_PROXY takes a host out of it', async () => {
    const proxy = await startConnectProxy();
    const client = (via: SlackHttpTransport) =>
      new WebClient('xoxb-test-token', { slackApiUrl: baseUrl, fetch: via.fetch, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    const proxied = createSlackHttpTransport();
    let direct: SlackHttpTransport | undefined;
    try {
      await expect(client(proxied).auth.test()).resolves.toMatchObject({ ok: true });
      // hpagent tunnels plain http too: a CONNECT to Slack's host and port.
      expect(proxy.connects).toEqual([new URL(baseUrl).host]);
      process.env.NO_PROXY = 'example.com,127.0.0.1';
      direct = createSlackHttpTransport();
      await expect(client(direct).auth.test()).resolves.toMatchObject({ ok: true });
      expect(proxy.connects).toHaveLength(1);
      expect(seen).toHaveLength(2);
    } finally {
      proxied.close();
      direct?.close();
      await proxy.close();
    }
  });

  test('is looked up once per origin, on its first call', async () => {
    const lookedUp: string[] = [];
    const looking = createSlackHttpTransport({
      proxyAgentFor: (url) => {
        lookedUp.push(url.href);
        return undefined;
      },
    });
    try {
      for (const method of ['auth.test', 'auth.test', 'views.open']) {
        await looking.fetch(`${baseUrl}${method}`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      }
      expect(lookedUp).toEqual([`${baseUrl}auth.test`]);
    } finally {
      looking.close();
    }
  });
});
