import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkValue } from './contract-parameters.js';
import { loadContract, matchOperation, validateRequest, validateResponse } from './contract-validator.js';
import { parseOrRaw, queryRecord, readBody, recordedHeaders } from './fake-devhelm.js';
import type { FakeFault, FaultInjection, RecordedCall, Violation } from './fake-pagerduty.js';
import { answerStatuspage, statuspageError, type StatuspageAnswer } from './fake-statuspage-api.js';
import { FakeStatuspageState, type StatuspageSeed } from './fake-statuspage-state.js';

// A real HTTP server playing Atlassian Statuspage's API on 127.0.0.1, in the same style as the fake
// PagerDuty: the OAuth token, then Statuspage's rate limit (one request per second per token: 420 with
// Retry-After), then the vendored contract, then FakeStatuspageState. Its own answers are checked
// against the contract too; faults can be injected per route.

export const FAKE_STATUSPAGE_TOKEN = 'sp-fake-key-8c1e';

export type { FakeFault, FaultInjection, RecordedCall, Violation };

export interface FakeStatuspageOptions {
  token?: string;
  seed?: boolean;
  /** Least gap between two requests with one token; `false` switches the limit off. Default 1000 ms. */
  rateLimitMs?: number | false;
  /** Arrival jitter forgiven by the limit (the network, timers); default 25 ms. */
  rateLimitToleranceMs?: number;
}

export interface FakeStatuspage {
  url: string;
  token: string;
  state: FakeStatuspageState;
  seed: StatuspageSeed | undefined;
  calls: RecordedCall[];
  /** When each call arrived (ms since the epoch), index for index with `calls`. */
  arrivals: number[];
  violations: Violation[];
  /** Requests refused with 420 because they came too soon. */
  rateLimited: number;
  inject(injection: FaultInjection): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const ROUTE_ALIASES: Record<string, string> = {
  listPages: 'getPages',
  listComponents: 'getPagesPageIdComponents',
  listUnresolved: 'getPagesPageIdIncidentsUnresolved',
  listIncidents: 'getPagesPageIdIncidents',
  getIncident: 'getPagesPageIdIncidentsIncidentId',
  patchIncident: 'patchPagesPageIdIncidentsIncidentId',
  correctIncidentUpdate: 'patchPagesPageIdIncidentsIncidentIdIncidentUpdatesIncidentUpdateId',
};

export async function startFakeStatuspage(options: FakeStatuspageOptions = {}): Promise<FakeStatuspage> {
  const contract = loadContract('statuspage');
  const token = options.token || FAKE_STATUSPAGE_TOKEN;
  const minGapMs = options.rateLimitMs === false ? 0 : (options.rateLimitMs ?? 1000);
  const toleranceMs = options.rateLimitToleranceMs ?? 25;
  const state = new FakeStatuspageState();
  const seed = options.seed === false ? undefined : state.seedDefault();
  const calls: RecordedCall[] = [];
  const arrivals: number[] = [];
  const violations: Violation[] = [];
  const faults: (FaultInjection & { remaining: number })[] = [];
  const heldSockets = new Set<Socket>();
  let lastAccepted = Number.NEGATIVE_INFINITY;
  const fake = { rateLimited: 0 };

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

  function answer(call: RecordedCall, url: URL, rawBody: string): StatuspageAnswer {
    const violation = (errors: string[], status = 400): StatuspageAnswer => {
      violations.push({ direction: 'request', method: call.method, path: call.path, operationId: call.operationId, errors });
      return statuspageError(status, errors.join('; '));
    };
    if (rawBody !== '' && typeof call.body === 'string') return violation(['the request body is not JSON']);
    const result = validateRequest(contract, { method: call.method, path: call.path, query: url.searchParams, headers: call.headers, body: call.body });
    if (!result.ok) return violation(result.errors, result.operationId ? 400 : 404);
    const answered = answerStatuspage(state, { operationId: result.operationId, pathParams: result.pathParams, query: url.searchParams, body: call.body });
    checkAnswer(call, answered);
    return answered;
  }

  /** Success bodies against the operation; errors against ErrorEntity (the contract leaves most error statuses out). */
  function checkAnswer(call: RecordedCall, answered: StatuspageAnswer): void {
    const errors =
      answered.status < 300
        ? (() => {
            const check = validateResponse(contract, { method: call.method, path: call.path, status: answered.status, body: answered.body });
            return check.ok ? [] : check.errors;
          })()
        : checkValue(contract.validators.response('#/components/schemas/ErrorEntity'), answered.body, 'error body');
    if (errors.length > 0) violations.push({ direction: 'response', method: call.method, path: call.path, operationId: call.operationId, errors });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const arrivedAt = Date.now();
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
    arrivals.push(arrivedAt);

    if (request.headers.authorization !== `OAuth ${token}`) return sendJson(response, statuspageError(401, 'Could not authenticate'));
    if (arrivedAt - lastAccepted < minGapMs - toleranceMs) {
      fake.rateLimited += 1;
      return sendJson(response, statuspageError(420, 'Rate limit exceeded: one request per second'), { 'retry-after': '1' });
    }
    lastAccepted = arrivedAt;

    let fault = takeFault(call.operationId);
    if (fault && 'type' in fault && fault.type === 'latency') {
      await sleep(fault.ms);
      fault = undefined;
    }
    if (fault && 'status' in fault) {
      const body = fault.body ?? statuspageError(fault.status, STATUS_CODES[fault.status] ?? 'Error').body;
      return sendJson(response, { status: fault.status, body }, fault.headers);
    }
    if (fault?.type === 'reset-before') {
      request.socket.destroy();
      return;
    }
    const answered = answer(call, url, rawBody);
    if (fault?.type === 'timeout') {
      heldSockets.add(request.socket);
      return;
    }
    if (fault?.type === 'reset-after') {
      request.socket.destroy();
      return;
    }
    if (fault?.type === 'garbage') {
      response.writeHead(answered.status, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
      return;
    }
    sendJson(response, answered);
  }

  function sendJson(response: ServerResponse, answered: StatuspageAnswer, headers: Record<string, string> = {}): void {
    response.writeHead(answered.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(answered.body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      violations.push({ direction: 'response', method: request.method ?? '', path: request.url ?? '', operationId: undefined, errors: [`fake crashed: ${String(error)}`] });
      if (!response.headersSent) sendJson(response, statuspageError(500, 'Internal Server Error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    token,
    state,
    seed,
    calls,
    arrivals,
    violations,
    get rateLimited() {
      return fake.rateLimited;
    },
    inject: (injection) => faults.push({ ...injection, remaining: injection.times ?? 1 }),
    clearFaults: () => faults.splice(0),
    close: async () => {
      for (const socket of heldSockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
