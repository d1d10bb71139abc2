import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FetchFunction } from '@slack/web-api';
import { proxyAgentFor } from '../../providers/proxy-agents.js';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;
type FetchHeaders = FetchResponse['headers'];

// The `fetch` Herald hands to every WebClient (and to Bolt, for response_url posts). Node's built-in
// fetch (undici) costs several times more CPU per Slack call than a plain node:http request, and holds
// more memory under load; profiles of the benchmark put it first in Herald's per-command cost. Slack's
// Web API needs little of fetch: a POST with a string body, a status, a few headers and the JSON body.
// So those go over node:http(s) on keep-alive agents; anything else (multipart file uploads, a redirect
// to follow) is passed to the built-in fetch, which does it properly. A proxy named in the environment
// (HTTPS_PROXY, NO_PROXY: see providers/proxy-agents.ts) is used on every Node, with an agent of its own.

/** How long an unused connection is kept for the next call (Slack's own keep-alive hint wins if shorter). */
const IDLE_SOCKET_MS = 30_000;
/** With no timeout from the WebClient, give up on a call Slack has not finished answering after this long. */
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface SlackHttpTransport {
  fetch: FetchFunction;
  /** Closes the idle connections (in-flight calls finish). */
  close(): void;
}

let shared: SlackHttpTransport | undefined;

/**
 * The process's one transport to Slack, made on first use: every WebClient shares its connections.
 * Idle connections never keep the process alive (Node unrefs them), so nothing needs closing at exit.
 */
export const slackFetch: FetchFunction = (input, init) => {
  shared ??= createSlackHttpTransport();
  return shared.fetch(input, init);
};

export interface SlackHttpTransportOptions {
  /** The proxy's agent for a URL, or undefined to call it directly; default: as the environment says. */
  proxyAgentFor?: (url: URL) => HttpAgent | HttpsAgent | undefined;
}

export function createSlackHttpTransport(options: SlackHttpTransportOptions = {}): SlackHttpTransport {
  const proxyFor = options.proxyAgentFor ?? proxyAgentFor;
  // LIFO: the busiest connections stay warm and the rest idle out, instead of every one kept half-used.
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  // The agent for each origin, chosen on its first call: the environment naming the proxy does not change while
  // Herald runs, and reading it (six variables, and the URL parsed again) on every call cost each command ~2% of its CPU.
  const agentByOrigin = new Map<string, HttpAgent | HttpsAgent>();
  const agentFor = (url: URL) => {
    let agent = agentByOrigin.get(url.origin);
    if (agent === undefined) {
      agent = proxyFor(url) ?? (url.protocol === 'https:' ? agents.https : agents.http);
      agentByOrigin.set(url.origin, agent);
    }
    return agent;
  };

  const transportFetch: FetchFunction = async (input, init = {}) => {
    const url = typeof input === 'string' ? new URL(input) : input;
    if (init.body !== undefined && typeof init.body !== 'string') return globalThis.fetch(input, init as RequestInit);
    const response = await send(url, init, agentFor(url));
    if (REDIRECT_STATUSES.has(response.status) && init.redirect !== 'manual') {
      // fetch's meaning of redirect: 'error' (what the WebClient asks for) is a failed call.
      if (init.redirect === 'error')
        throw new TypeError(`Slack answered ${response.status} (a redirect) to ${url.origin}${url.pathname}; redirects are refused`);
      return globalThis.fetch(input, init as RequestInit);
    }
    return response;
  };

  return {
    fetch: transportFetch,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

type Init = NonNullable<Parameters<FetchFunction>[1]>;

function send(url: URL, init: Init, agent: HttpAgent | HttpsAgent): Promise<FetchResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      reject(new TypeError(`cannot call ${url.protocol} URLs`));
      return;
    }
    const body = init.body as string | undefined;
    const headers: Record<string, string | number> = { ...init.headers };
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    const options = {
      method: init.method ?? 'GET',
      headers,
      agent,
      ...(init.signal ? { signal: init.signal } : {}),
    };
    const onResponse = (message: IncomingMessage) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('error', reject);
      message.on('end', () => resolve(bufferedResponse(url, message, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
    };
    const request = secure ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
    request.on('error', reject);
    request.setTimeout(DEFAULT_REQUEST_TIMEOUT_MS, () => {
      request.destroy(new Error(`Slack did not answer ${url.pathname} within ${DEFAULT_REQUEST_TIMEOUT_MS / 1000} s`));
    });
    request.end(body);
  });
}

function bufferedResponse(url: URL, message: IncomingMessage, body: Buffer): FetchResponse {
  const status = message.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: message.statusMessage ?? '',
    url: url.href,
    headers: headersOf(message.headers),
    text: async () => body.toString('utf8'),
    json: async () => JSON.parse(body.toString('utf8')) as unknown,
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

/** Node's parsed headers (lower-case names, repeated ones as arrays) seen through fetch's Headers interface. */
function headersOf(raw: IncomingHttpHeaders): FetchHeaders {
  const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);
  return {
    get: (name: string) => joined(raw[name.toLowerCase()]) ?? null,
    *entries() {
      for (const [name, value] of Object.entries(raw)) {
        const text = joined(value);
        if (text !== undefined) yield [name, text] as [string, string];
      }
    },
  };
}
