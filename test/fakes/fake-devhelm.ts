import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadContract, matchOperation, validateRequest, validateResponse } from './contract-validator.js';
import { answerDevHelm, devHelmError, type DevHelmAnswer } from './fake-devhelm-api.js';
import { FakeDevHelmState, type DevHelmSeed } from './fake-devhelm-state.js';
import type { FakeFault, FaultInjection, RecordedCall, Violation } from './fake-pagerduty.js';

// A real HTTP server playing DevHelm's status-page API on 127.0.0.1, in the same style as the fake
// PagerDuty: it checks the Bearer token and every request against the vendored contract (answering
// DevHelm's 400 error envelope and recording a violation when one fails), answers from
// FakeDevHelmState, checks its own answers against the contract, puts a request id on every answer,
// and can be told to misbehave for chosen routes.

export const FAKE_DEVHELM_TOKEN = 'dh_live_fake+token';

export type { FakeFault, FaultInjection, RecordedCall, Violation };

export interface FakeDevHelmOptions {
  token?: string;
  /** Seed "Acme Cloud" (see FakeDevHelmState.seedDefault); default true. */
  seed?: boolean;
}

export interface FakeDevHelm {
  /** Base URL to give the provider, e.g. http://127.0.0.1:43123 */
  url: string;
  token: string;
  state: FakeDevHelmState;
  seed: DevHelmSeed | undefined;
  calls: RecordedCall[];
  violations: Violation[];
  inject(injection: FaultInjection): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const ROUTE_ALIASES: Record<string, string> = { listPages: 'list_4', postUpdate: 'postIncidentUpdate' };

export async function startFakeDevHelm(options: FakeDevHelmOptions = {}): Promise<FakeDevHelm> {
  const contract = loadContract('devhelm');
  const token = options.token || FAKE_DEVHELM_TOKEN;
  const state = new FakeDevHelmState();
  const seed = options.seed === false ? undefined : state.seedDefault();
  const calls: RecordedCall[] = [];
  const violations: Violation[] = [];
  const faults: (FaultInjection & { remaining: number })[] = [];
  const heldSockets = new Set<Socket>();
  let requestCount = 0;

  function takeFault(operationId: string | undefined): FakeFault | undefined {
    const index = faults.findIndex((injection) => {
      const route = injection.route === undefined ? '*' : (ROUTE_ALIASES[injection.route] ?? injection.route);
      return route === '*' || route === operationId;
    });
    const injection = faults[index];
    if (!injection) return undefined;
    injection.remaining -= 1;
    if (injection.remaining <= 0) faults.splice(index, 1);
    return injection.fault;
  }

  function answer(request: IncomingMessage, call: RecordedCall, url: URL, rawBody: string, requestId: string): DevHelmAnswer {
    if (request.headers.authorization !== `Bearer ${token}`) return devHelmError(401, 'Invalid or missing API key', requestId);
    const violation = (errors: string[], status = 400): DevHelmAnswer => {
      violations.push({ direction: 'request', method: call.method, path: call.path, operationId: call.operationId, errors });
      return devHelmError(status, 'Request validation failed', requestId, errors.map((message) => ({ code: 'INVALID', field: null, message })));
    };
    if (rawBody !== '' && typeof call.body === 'string') return violation(['the request body is not JSON']);
    const result = validateRequest(contract, { method: call.method, path: call.path, query: url.searchParams, headers: call.headers, body: call.body });
    if (!result.ok) return violation(result.errors, result.operationId ? 400 : 404);
    const answered = answerDevHelm(state, {
      operationId: result.operationId,
      pathParams: result.pathParams,
      query: url.searchParams,
      body: call.body,
      requestId,
    });
    // The fake must only ever say what the real API may say.
    const check = validateResponse(contract, { method: call.method, path: call.path, status: answered.status, body: answered.body });
    if (!check.ok) violations.push({ direction: 'response', method: call.method, path: call.path, operationId: call.operationId, errors: check.errors });
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
    requestCount += 1;
    const requestId = `dh-req-${requestCount}`;

    let fault = takeFault(call.operationId);
    if (fault && 'type' in fault && fault.type === 'latency') {
      await sleep(fault.ms);
      fault = undefined;
    }
    if (fault && 'status' in fault) {
      const body = fault.body ?? devHelmError(fault.status, STATUS_CODES[fault.status] ?? 'Error', requestId).body;
      return send(response, fault.status, JSON.stringify(body), requestId, { 'content-type': 'application/json', ...fault.headers });
    }
    if (fault?.type === 'reset-before') {
      request.socket.destroy();
      return;
    }
    const answered = answer(request, call, url, rawBody, requestId);
    if (fault?.type === 'timeout') {
      heldSockets.add(request.socket);
      return;
    }
    if (fault?.type === 'reset-after') {
      request.socket.destroy();
      return;
    }
    if (fault?.type === 'garbage') {
      return send(response, answered.status, '<html>upstream error</html>', requestId, { 'content-type': 'text/html' });
    }
    send(response, answered.status, JSON.stringify(answered.body), requestId, { 'content-type': 'application/json' });
  }

  function send(response: ServerResponse, status: number, body: string, requestId: string, headers: Record<string, string>): void {
    response.writeHead(status, { 'x-request-id': requestId, ...headers });
    response.end(body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      violations.push({ direction: 'response', method: request.method ?? '', path: request.url ?? '', operationId: undefined, errors: [`fake crashed: ${String(error)}`] });
      if (!response.headersSent) send(response, 500, JSON.stringify(devHelmError(500, 'Internal error', 'dh-crash').body), 'dh-crash', { 'content-type': 'application/json' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    state,
    seed,
    calls,
    violations,
    inject: (injection) => faults.push({ ...injection, remaining: injection.times ?? 1 }),
    clearFaults: () => faults.splice(0),
    close: async () => {
      for (const socket of heldSockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length > 1 ? values : (values[0] ?? '');
  }
  return record;
}

/** Headers as recorded for tests to read: never with the token in them. */
export function recordedHeaders(request: IncomingMessage, token: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = (Array.isArray(value) ? value.join(', ') : value).split(token).join('[redacted]');
  }
  return headers;
}
