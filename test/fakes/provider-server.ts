import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { matchOperation, type Contract } from './contract-validator.js';

// What the three fake status-page APIs share: a real HTTP server on 127.0.0.1 that records every call (the
// token redacted), plays whatever fault a test injected for its route, and otherwise answers what the
// provider's own `answer` says (authentication, the vendored contract, the fake state). Each fake
// (fake-pagerduty.ts, fake-devhelm.ts, fake-statuspage.ts) brings only what is its provider's own.

export type FakeFault =
  /** Answered at once, before authentication and validation; nothing stored. Body: the provider's error body for the status. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** The request is processed (an update IS stored), then never answered. */
  | { type: 'timeout' }
  /** The request is never processed (nothing stored) and never answered. */
  | { type: 'timeout-before' }
  /** The connection is destroyed before anything is processed: nothing stored. */
  | { type: 'reset-before' }
  /** The request is processed (an update IS stored), then the connection is destroyed. */
  | { type: 'reset-after' }
  /** The request is processed (a post or update IS stored), then answered with the status `code` and the provider's error body. */
  | { type: 'commit-then'; code: number }
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

export interface ApiAnswer {
  status: number;
  body: unknown;
  /** Extra headers (Statuspage's Retry-After). */
  headers?: Record<string, string>;
}

/** One request as the provider's own code sees it. */
export interface ProviderRequest {
  request: IncomingMessage;
  call: RecordedCall;
  url: URL;
  rawBody: string;
  /** This request's id, when the provider puts one on its answers (`requestId` in the spec). */
  requestId: string | undefined;
}

export interface ProviderServerSpec {
  contract: Contract;
  token: string;
  /** Short names tests may inject faults by, to the contract's operationIds. */
  routeAliases: Record<string, string>;
  /** What the real API answers: authentication, then the contract, then the state. */
  answer(request: ProviderRequest): ApiAnswer;
  /** The provider's error answer for a status, for faults without a body and for the fake's own crashes. */
  errorAnswer(status: number, message: string, requestId: string | undefined): ApiAnswer;
  /**
   * Runs before any fault, after the call is recorded: an answer here is sent as it is (Statuspage's rate
   * limit); undefined goes on.
   */
  screen?(request: ProviderRequest): ApiAnswer | undefined;
  /** The operation of a request the contract does not know (a resource newer than it), for faults and records. */
  operationOutsideContract?(method: string, path: string): string | undefined;
  /** The n-th request's id, sent as `x-request-id` and handed to `answer`. Default: none. */
  requestId?(n: number): string;
  contentType: string;
  /** What the `garbage` fault answers instead of JSON: an HTML page such as a proxy in front might send. */
  garbageBody: string;
}

export interface ProviderServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  calls: RecordedCall[];
  violations: Violation[];
  inject(injection: FaultInjection): void;
  /** Decides a fault for every request no injected fault applies to (undefined: none). */
  setFaultPicker(picker: ((call: RecordedCall) => FakeFault | undefined) | undefined): void;
  clearFaults(): void;
  /** Every request waits this long before anything else happens. */
  setLatency(ms: number): void;
  /** Records a broken promise of the fake's own answers (they must only say what the real API may say). */
  answerViolation(call: RecordedCall, errors: string[]): void;
  /** Records a request the contract refuses. */
  requestViolation(call: RecordedCall, errors: string[]): void;
  close(): Promise<void>;
}

export async function startProviderServer(spec: ProviderServerSpec): Promise<ProviderServer> {
  const calls: RecordedCall[] = [];
  const violations: Violation[] = [];
  const faults: (FaultInjection & { remaining: number })[] = [];
  const heldSockets = new Set<Socket>();
  let latencyMs = 0;
  let requestCount = 0;
  let faultPicker: ((call: RecordedCall) => FakeFault | undefined) | undefined;

  function takeFault(call: RecordedCall): FakeFault | undefined {
    const index = faults.findIndex((injection) => {
      const route = injection.route === undefined ? '*' : (spec.routeAliases[injection.route] ?? injection.route);
      return route === '*' || route === 'any' || route === call.operationId;
    });
    const injection = faults[index];
    if (!injection) return faultPicker?.(call);
    injection.remaining -= 1;
    if (injection.remaining <= 0) faults.splice(index, 1);
    return injection.fault;
  }

  function send(
    response: ServerResponse,
    requestId: string | undefined,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): void {
    response.writeHead(status, { ...(requestId ? { 'x-request-id': requestId } : {}), ...headers });
    response.end(body);
  }

  function sendAnswer(response: ServerResponse, requestId: string | undefined, answered: ApiAnswer): void {
    send(response, requestId, answered.status, JSON.stringify(answered.body), { 'content-type': spec.contentType, ...answered.headers });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const rawBody = await readBody(request);
    const method = request.method ?? 'GET';
    const match = matchOperation(spec.contract, method, url.pathname);
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: recordedHeaders(request, spec.token),
      body: rawBody === '' ? undefined : parseOrRaw(rawBody),
      operationId: 'operation' in match ? match.operation.operationId : spec.operationOutsideContract?.(method, url.pathname),
    };
    calls.push(call);
    requestCount += 1;
    const requestId = spec.requestId?.(requestCount);
    const providerRequest: ProviderRequest = { request, call, url, rawBody, requestId };
    const screened = spec.screen?.(providerRequest);
    if (screened) return sendAnswer(response, requestId, screened);
    if (latencyMs > 0) await sleep(latencyMs);

    let fault = takeFault(call);
    if (fault && 'type' in fault && fault.type === 'latency') {
      await sleep(fault.ms);
      fault = undefined;
    }
    if (fault && 'status' in fault) {
      const body = fault.body ?? spec.errorAnswer(fault.status, STATUS_CODES[fault.status] ?? 'Error', requestId).body;
      return send(response, requestId, fault.status, JSON.stringify(body), { 'content-type': 'application/json', ...fault.headers });
    }
    if (fault?.type === 'reset-before') return void request.socket.destroy();
    if (fault?.type === 'timeout-before') return void heldSockets.add(request.socket);
    const answered = spec.answer(providerRequest);
    if (fault?.type === 'timeout') return void heldSockets.add(request.socket);
    if (fault?.type === 'reset-after') return void request.socket.destroy();
    if (fault?.type === 'latency-after') await sleep(fault.ms);
    if (fault?.type === 'commit-then') {
      const body = spec.errorAnswer(fault.code, STATUS_CODES[fault.code] ?? 'Error', requestId).body;
      return send(response, requestId, fault.code, JSON.stringify(body), { 'content-type': spec.contentType });
    }
    if (fault?.type === 'garbage') return send(response, requestId, answered.status, spec.garbageBody, { 'content-type': 'text/html' });
    sendAnswer(response, requestId, answered);
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
      if (!response.headersSent) sendAnswer(response, undefined, spec.errorAnswer(500, 'Internal Server Error', undefined));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const violation = (direction: Violation['direction'], call: RecordedCall, errors: string[]) =>
    violations.push({ direction, method: call.method, path: call.path, operationId: call.operationId, errors });

  return {
    origin: `http://127.0.0.1:${port}`,
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
    answerViolation: (call, errors) => violation('response', call, errors),
    requestViolation: (call, errors) => violation('request', call, errors),
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

/** A parameter given twice, or named like a list (`status[]`), is recorded as a list. */
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
    headers[name] = (Array.isArray(value) ? value.join(', ') : value).split(token).join('[redacted]');
  }
  return headers;
}
