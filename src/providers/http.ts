import type { IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import got, { RequestError, type Response } from 'got';
import { proxyAgentFor } from './proxy-agents.js';
import type { ProviderExchange, ProviderId } from './provider.js';
import { ProviderError } from './provider-error.js';
import { failureKind, retryDelayMs, type Failure, type RetryPolicy } from './http-retry-policy.js';

// The one HTTP client every provider uses: JSON in and out, a timeout per attempt, got's retry
// machinery driven by http-retry-policy (writes are repeated only when they certainly did not land),
// every exchange reported for the audit trail, and every failure turned into a ProviderError.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ProviderHttpOptions {
  provider: ProviderId;
  /** "PagerDuty": used in error messages. */
  providerName: string;
  baseUrl: string;
  /** Sent with every request: authentication, API version. */
  headers: Record<string, string>;
  /** Header names besides `authorization` whose values are secrets, scrubbed from errors. */
  secretHeaders?: string[];
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 2, 0 switches retrying off. */
  retries?: number;
  /** Longest Retry-After honoured; default 30 s. */
  maxRetryWaitMs?: number;
  /** First backoff step for 502/503 and refused connections; default 500 ms. */
  backoffMs?: number;
  /** The provider's own user-facing words in an error body. */
  providerMessage?: (body: unknown) => string | undefined;
  /** The provider's request id, from headers or body. */
  requestId?: (headers: IncomingHttpHeaders, body: unknown) => string | undefined;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface ProviderRequest {
  method: HttpMethod;
  /** Below the base URL, e.g. `status_pages/P1/posts`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  onExchange?: ((exchange: ProviderExchange) => void) | undefined;
}

export interface ProviderResponse {
  status: number;
  /** Parsed JSON; null for an empty body. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface ProviderHttp {
  request(request: ProviderRequest): Promise<ProviderResponse>;
}

const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE'];
const NOT_JSON = Symbol('not JSON');

export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const policy: RetryPolicy = {
    retries: options.retries ?? 2,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    backoffMs: options.backoffMs ?? 500,
  };
  const secretHeaders = ['authorization', ...(options.secretHeaders ?? []).map((name) => name.toLowerCase())];
  // Every call goes to baseUrl's host, so its proxy (or none) is known now.
  const proxyAgent = proxyAgentFor(options.baseUrl);
  const client = got.extend({
    prefixUrl: options.baseUrl,
    ...(proxyAgent ? { agent: { http: proxyAgent as HttpAgent, https: proxyAgent as HttpsAgent } } : {}),
    headers: { 'user-agent': 'herald', accept: 'application/json', ...options.headers },
    responseType: 'text',
    timeout: { request: options.timeoutMs ?? 10_000 },
    retry: {
      limit: policy.retries,
      // Every method and cause is handed to calculateDelay, which alone decides (http-retry-policy).
      methods: ALL_METHODS as never,
      statusCodes: [420, 429, 500, 502, 503, 504],
      errorCodes: ['ETIMEDOUT', 'ECONNRESET', 'EADDRINUSE', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN'],
      calculateDelay: ({ attemptCount, error }) => retryDelayMs(describeFailure(error), error.response?.headers, attemptCount, policy),
    },
  });

  async function request(call: ProviderRequest): Promise<ProviderResponse> {
    const parsedBodies = new WeakMap<object, unknown>();
    const report = (exchange: Omit<ProviderExchange, 'method' | 'requestBody'>) => {
      try {
        call.onExchange?.({ method: call.method, requestBody: call.body ?? null, ...exchange });
      } catch {
        // Recording the audit trail must never change what happened to the call itself.
      }
    };
    const reportResponse = (response: Response<string>) => {
      const body = parseJson(response.body);
      parsedBodies.set(response, body);
      report({
        url: safeUrl(response.url),
        status: response.statusCode,
        responseBody: body === NOT_JSON ? response.body : body,
        durationMs: elapsed(response.timings),
        errorCode: null,
      });
    };
    const reportNoResponse = (error: RequestError) => {
      // Responses were reported as they arrived; only exchanges that ended without one are left.
      if (error.response && parsedBodies.has(error.response)) return;
      report({
        url: safeUrl(error.options.url),
        status: error.response?.statusCode ?? null,
        responseBody: null,
        durationMs: elapsed(error.timings),
        errorCode: error.code,
      });
    };

    try {
      const response = await client(call.path.replace(/^\//, ''), {
        method: call.method,
        searchParams: toSearchParams(call.query),
        ...(call.body === undefined ? {} : { json: call.body }),
        hooks: {
          afterResponse: [
            (response) => {
              reportResponse(response as Response<string>);
              return response;
            },
          ],
          beforeRetry: [(error) => reportNoResponse(error)],
        },
      });
      const body = parsedBodies.has(response) ? parsedBodies.get(response) : parseJson(response.body);
      if (body === NOT_JSON) {
        const where = `${options.providerName} ${call.method} ${pathOf(call.path)}`;
        throw new ProviderError(`${where}: answered ${response.statusCode} with a body that is not JSON`, {
          provider: options.provider,
          kind: 'invalid_response',
          status: response.statusCode,
          requestId: options.requestId?.(response.headers, undefined),
        });
      }
      return { status: response.statusCode, body, headers: response.headers };
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      reportNoResponse(error);
      redactHeaders(error, secretHeaders);
      throw toProviderError(error, call, parsedBodies);
    }
  }

  function toProviderError(error: RequestError, call: ProviderRequest, parsedBodies: WeakMap<object, unknown>): ProviderError {
    const response = error.response;
    const kind = failureKind(describeFailure(error));
    const where = `${options.providerName} ${call.method} ${pathOf(call.path)}`;
    if (!response) {
      return new ProviderError(`${where}: ${error.code} (${error.message})`, {
        provider: options.provider,
        kind,
        cause: error,
      });
    }
    const parsed = parsedBodies.has(response) ? parsedBodies.get(response) : parseJson(String(response.body ?? ''));
    const body = parsed === NOT_JSON ? undefined : parsed;
    const providerMessage = body === undefined ? undefined : options.providerMessage?.(body);
    return new ProviderError(`${where}: answered ${response.statusCode}${providerMessage ? ` (${providerMessage})` : ''}`, {
      provider: options.provider,
      kind,
      status: response.statusCode,
      providerMessage,
      requestId: options.requestId?.(response.headers, body),
      cause: error,
    });
  }

  return { request };
}

function describeFailure(error: RequestError): Failure {
  return {
    method: error.options.method,
    status: error.response?.statusCode,
    code: error.code,
    connected: error.timings?.connect !== undefined,
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function toSearchParams(query: Record<string, QueryValue> | undefined): URLSearchParams | undefined {
  if (!query) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  return params;
}

/** From the start of an attempt to its end, whichever way it ended. */
function elapsed(timings: Response['timings'] | undefined): number {
  if (!timings) return 0;
  return (timings.end ?? timings.error ?? timings.abort ?? Date.now()) - timings.start;
}

/** The URL as it may be stored: without user info (the only place a URL could carry credentials). */
function safeUrl(url: URL | string | undefined): string {
  if (url === undefined) return '';
  const copy = new URL(String(url));
  copy.username = '';
  copy.password = '';
  return copy.toString();
}

function pathOf(path: string): string {
  return `/${path.replace(/^\//, '').split('?')[0]}`;
}

/**
 * got's error keeps the request options (headers included) as an enumerable property, so anything
 * that logs the error's cause chain would print the token. Scrub it before the error leaves.
 */
function redactHeaders(error: RequestError, names: readonly string[]): void {
  const headers = error.options?.headers as Record<string, unknown> | undefined;
  if (!headers) return;
  for (const name of names) if (name in headers) headers[name] = '[redacted]';
}
