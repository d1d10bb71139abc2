import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerPagerDuty, pagerDutyError, type ApiAnswer } from './fake-pagerduty-api.js';
import { FakePagerDutyState, type DefaultSeed, type LargeSeed } from './fake-pagerduty-state.js';
import { loadContract, matchOperation, validateRequest, validateResponse } from './contract-validator.js';

// A real HTTP server playing PagerDuty's Status Pages API on 127.0.0.1: it checks the token and
// every request against the vendored contract (answering 400 and recording a violation when one
// fails), answers from FakePagerDutyState, checks its own answers against the contract too, and can
// be told to misbehave (status codes, timeouts, resets, garbage, latency) for chosen routes.

export const FAKE_PAGERDUTY_TOKEN = 'pd-fake-token-u+Qx9';
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

export type FakeFault =
  /** Answered at once, before authentication and validation; nothing stored. Body: PagerDuty's error body for the status. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** The request is processed (an update IS stored), then never answered. */
  | { type: 'timeout' }
  /** The request is never processed (nothing stored) and never answered. */
  | { type: 'timeout-before' }
  /** The connection is destroyed before anything is processed: nothing stored. */
  | { type: 'reset-before' }
  /** The request is processed (an update IS stored), then the connection is destroyed. */
  | { type: 'reset-after' }
  /** The request is processed, then answered with its status and a body that is not JSON. */
  | { type: 'garbage' }
  | { type: 'latency'; ms: number }
  /** The request is processed at once (an update IS stored), and answered only `ms` later. */
  | { type: 'latency-after'; ms: number };

export interface FaultInjection {
  /** An operationId of the contract, a short alias (`createPostUpdate`, `listPostUpdates`, ...), or `*`/omitted for any. */
  route?: string;
  /** How many matching requests it applies to; default 1. */
  times?: number;
  fault: FakeFault;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names; the token in `authorization` is replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when it was not JSON; undefined when empty. */
  body: unknown;
  operationId: string | undefined;
}

export interface Violation {
  direction: 'request' | 'response';
  method: string;
  path: string;
  operationId: string | undefined;
  errors: string[];
}

export interface FakePagerDutyOptions {
  token?: string;
  /** Seed "Acme Status" (see FakePagerDutyState.seedDefault); default true. */
  seed?: boolean;
  /** Also seed a large page (for pagination tests and benchmarks). */
  large?: { services: number; posts: number };
}

export interface FakePagerDuty {
  /** Base URL to give the provider, e.g. http://127.0.0.1:43123 */
  url: string;
  token: string;
  state: FakePagerDutyState;
  /** Ids of the default dataset; undefined with `seed: false`. */
  seed: DefaultSeed | undefined;
  large: LargeSeed | undefined;
  calls: RecordedCall[];
  violations: Violation[];
  inject(injection: FaultInjection): void;
  /**
   * Decides a fault for every request no injected fault applies to (undefined: none), e.g. at random from a
   * seed. The call is recorded before it is asked. Pass undefined to stop.
   */
  setFaultPicker(picker: ((call: RecordedCall) => FakeFault | undefined) | undefined): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const ROUTE_ALIASES: Record<string, string> = {
  listPages: 'listStatusPages',
  listPosts: 'listStatusPagePosts',
  listStatuses: 'listStatusPageStatuses',
  listSeverities: 'listStatusPageSeverities',
  listImpacts: 'listStatusPageImpacts',
  listServices: 'listStatusPageServices',
  createPostUpdate: 'createStatusPagePostUpdate',
  listPostUpdates: 'listStatusPagePostUpdates',
  getPostUpdate: 'getPostUpdate',
  correctPostUpdate: 'updateStatusPagePostUpdate',
};

export async function startFakePagerDuty(options: FakePagerDutyOptions = {}): Promise<FakePagerDuty> {
  const contract = loadContract('pagerduty');
  const token = options.token || FAKE_PAGERDUTY_TOKEN;
  const state = new FakePagerDutyState();
  const seed = options.seed === false ? undefined : state.seedDefault();
  const large = options.large ? state.seedLarge(options.large) : undefined;
  const calls: RecordedCall[] = [];
  const violations: Violation[] = [];
  const faults: (FaultInjection & { remaining: number })[] = [];
  const heldSockets = new Set<Socket>();
  let latencyMs = 0;
  let requestCount = 0;
  let faultPicker: ((call: RecordedCall) => FakeFault | undefined) | undefined;
  let apiBase = '';

  function takeFault(operationId: string | undefined): FakeFault | undefined {
    const index = faults.findIndex((injection) => {
      const route = injection.route === undefined ? '*' : (ROUTE_ALIASES[injection.route] ?? injection.route);
      return route === '*' || route === 'any' || route === operationId;
    });
    const injection = faults[index];
    if (!injection) return undefined;
    injection.remaining -= 1;
    if (injection.remaining <= 0) faults.splice(index, 1);
    return injection.fault;
  }

  /** Authentication, then the contract, then the state: what the real API would answer. */
  function answer(request: IncomingMessage, call: RecordedCall, url: URL, rawBody: string): ApiAnswer {
    if (request.headers.authorization !== `Token token=${token}`) {
      return pagerDutyError(401, 'Unauthorized');
    }
    const violation = (errors: string[]): ApiAnswer => {
      violations.push({
        direction: 'request',
        method: call.method,
        path: call.path,
        operationId: call.operationId,
        errors,
      });
      return pagerDutyError(400, 'Invalid Input Provided', errors);
    };
    if (rawBody !== '' && typeof call.body === 'string') return violation(['the request body is not JSON']);
    const accept = call.headers.accept?.replace(/\s+/g, '').toLowerCase();
    if (accept !== undefined && accept !== ACCEPT)
      return violation([`Accept must be ${ACCEPT}, was ${call.headers.accept}`]);
    const result = validateRequest(contract, {
      method: call.method,
      path: call.path,
      query: url.searchParams,
      headers: call.headers,
      body: call.body,
    });
    if (!result.ok && !result.operationId) {
      violation(result.errors);
      return pagerDutyError(404, 'Not Found', result.errors);
    }
    if (!result.ok) return violation(result.errors);
    const answered = answerPagerDuty(state, apiBase, {
      operationId: result.operationId,
      pathParams: result.pathParams,
      query: url.searchParams,
      body: call.body,
    });
    // Debug assertion: the fake must only ever say what the real API may say.
    const check = validateResponse(contract, {
      method: call.method,
      path: call.path,
      status: answered.status,
      body: answered.body,
    });
    if (!check.ok)
      violations.push({
        direction: 'response',
        method: call.method,
        path: call.path,
        operationId: call.operationId,
        errors: check.errors,
      });
    return answered;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const rawBody = await readBody(request);
    const method = request.method ?? 'GET';
    const match = matchOperation(contract, method, url.pathname);
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: recordedHeaders(request, token),
      body: rawBody === '' ? undefined : parseOrRaw(rawBody),
      operationId: 'operation' in match ? match.operation.operationId : undefined,
    };
    calls.push(call);
    if (latencyMs > 0) await sleep(latencyMs);

    let fault = takeFault(call.operationId) ?? faultPicker?.(call);
    if (fault && 'type' in fault && fault.type === 'latency') {
      await sleep(fault.ms);
      fault = undefined;
    }
    if (fault && 'status' in fault) {
      const body = fault.body ?? pagerDutyError(fault.status, STATUS_CODES[fault.status] ?? 'Error').body;
      return send(response, fault.status, JSON.stringify(body), {
        'content-type': 'application/json',
        ...fault.headers,
      });
    }
    if (fault?.type === 'reset-before') {
      request.socket.destroy();
      return;
    }
    if (fault?.type === 'timeout-before') {
      heldSockets.add(request.socket);
      return;
    }
    const answered = answer(request, call, url, rawBody);
    if (fault?.type === 'timeout') {
      heldSockets.add(request.socket);
      return;
    }
    if (fault?.type === 'reset-after') {
      request.socket.destroy();
      return;
    }
    if (fault?.type === 'latency-after') await sleep(fault.ms);
    if (fault?.type === 'garbage') {
      return send(response, answered.status, '<html><body>Service temporarily unavailable</body></html>', {
        'content-type': 'text/html',
      });
    }
    send(response, answered.status, JSON.stringify(answered.body), {
      'content-type': 'application/json; charset=utf-8',
    });
  }

  function send(response: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    requestCount += 1;
    response.writeHead(status, { 'x-request-id': `fake-pd-${requestCount}`, ...headers });
    response.end(body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      violations.push({
        direction: 'response',
        method: request.method ?? '',
        path: request.url ?? '',
        operationId: undefined,
        errors: [`fake crashed: ${String(error)}`],
      });
      if (!response.headersSent)
        send(response, 500, JSON.stringify(pagerDutyError(500, 'Internal Server Error').body), {
          'content-type': 'application/json',
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  apiBase = `http://127.0.0.1:${port}`;

  return {
    url: apiBase,
    token,
    state,
    seed,
    large,
    calls,
    violations,
    inject: (injection) => faults.push({ ...injection, remaining: injection.times ?? 1 }),
    setFaultPicker: (picker) => {
      faultPicker = picker;
    },
    clearFaults: () => faults.splice(0),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: async () => {
      for (const socket of heldSockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = key.endsWith('[]') || values.length > 1 ? values : (values[0] ?? '');
  }
  return record;
}

/** Headers as recorded for tests to read: never with the token in them. */
function recordedHeaders(request: IncomingMessage, token: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] = text.split(token).join('[redacted]');
  }
  return headers;
}
