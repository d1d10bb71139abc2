import { loadContract, validateRequest, validateResponse } from './contract-validator.js';
import { answerDevHelm, devHelmError, type DevHelmAnswer } from './fake-devhelm-api.js';
import { FakeDevHelmState, type DevHelmSeed, type FakeDevHelmIncident } from './fake-devhelm-state.js';
import { answerMaintenance, maintenanceOperation } from './fake-devhelm-maintenance.js';
import type { DevHelmServerMode } from './fake-devhelm-posts.js';
import {
  startProviderServer,
  type FakeFault,
  type FaultInjection,
  type ProviderRequest,
  type ProviderServer,
  type RecordedCall,
  type Violation,
} from './provider-server.js';

// A real HTTP server playing DevHelm's status-page API on 127.0.0.1 (on provider-server.ts, as the fake
// PagerDuty is): it checks the Bearer token and every request against the vendored contract (answering
// DevHelm's 400 error envelope and recording a violation when one fails), answers from
// FakeDevHelmState, checks its own answers against the contract, puts a request id on every answer,
// and can be told to misbehave for chosen routes.

export const FAKE_DEVHELM_TOKEN = 'dh_live_fake+token';

export type { FakeFault, FaultInjection, RecordedCall, Violation };

export interface FakeDevHelmOptions {
  token?: string;
  /** Seed "Acme Cloud" (see FakeDevHelmState.seedDefault); default true. */
  seed?: boolean;
  /** Maintenance windows at `/maintenance` (newer servers); false answers 404 there, as older servers. Default true. */
  maintenanceResource?: boolean;
  /** Every page reviews before publishing: creates are drafts until `/publish`. Default false. */
  reviewMode?: boolean;
}

export interface FakeDevHelm extends Pick<ProviderServer, 'calls' | 'violations' | 'inject' | 'clearFaults' | 'close'> {
  /** Base URL to give the provider, e.g. http://127.0.0.1:43123 */
  url: string;
  token: string;
  state: FakeDevHelmState;
  seed: DevHelmSeed | undefined;
  /** Switch the server's kind or review mode during a test. */
  mode: DevHelmServerMode;
  /** The page's incidents and maintenance windows, oldest first: a test counts what a submit created. */
  postsOf(pageId: string): FakeDevHelmIncident[];
}

const ROUTE_ALIASES: Record<string, string> = {
  listPages: 'list_4',
  postUpdate: 'postIncidentUpdate',
  createIncident: 'createIncident',
  publishIncident: 'publishIncident',
  updateIncident: 'updateIncident',
};

export async function startFakeDevHelm(options: FakeDevHelmOptions = {}): Promise<FakeDevHelm> {
  const contract = loadContract('devhelm');
  const token = options.token || FAKE_DEVHELM_TOKEN;
  const state = new FakeDevHelmState();
  const seed = options.seed === false ? undefined : state.seedDefault();
  const mode: DevHelmServerMode = { maintenanceResource: options.maintenanceResource ?? true, reviewMode: options.reviewMode ?? false };

  function answer({ request, call, url, rawBody, requestId = 'dh-req' }: ProviderRequest): DevHelmAnswer {
    if (request.headers.authorization !== `Bearer ${token}`) return devHelmError(401, 'Invalid or missing API key', requestId);
    const violation = (errors: string[], status = 400): DevHelmAnswer => {
      server.requestViolation(call, errors);
      return devHelmError(
        status,
        'Request validation failed',
        requestId,
        errors.map((message) => ({ code: 'INVALID', field: null, message })),
      );
    };
    if (rawBody !== '' && typeof call.body === 'string') return violation(['the request body is not JSON']);
    const maintenance = answerMaintenance(
      state,
      mode,
      { method: call.method, path: call.path, query: url.searchParams, body: call.body, requestId },
      violation,
    );
    if (maintenance) return maintenance;
    const result = validateRequest(contract, {
      method: call.method,
      path: call.path,
      query: url.searchParams,
      headers: call.headers,
      body: call.body,
    });
    if (!result.ok) return violation(result.errors, result.operationId ? 400 : 404);
    const answered = answerDevHelm(state, {
      operationId: result.operationId,
      pathParams: result.pathParams,
      query: url.searchParams,
      body: call.body,
      requestId,
      mode,
    });
    // The fake must only ever say what the real API may say.
    const check = validateResponse(contract, { method: call.method, path: call.path, status: answered.status, body: answered.body });
    if (!check.ok) server.answerViolation(call, check.errors);
    return answered;
  }

  const server = await startProviderServer({
    contract,
    token,
    routeAliases: ROUTE_ALIASES,
    answer,
    errorAnswer: (status, message, requestId) => devHelmError(status, message, requestId ?? 'dh-crash'),
    requestId: (n) => `dh-req-${n}`,
    operationOutsideContract: (method, path) => maintenanceOperation(method, path)?.operation,
    contentType: 'application/json',
    garbageBody: '<html>upstream error</html>',
  });

  return {
    url: server.origin,
    token,
    state,
    seed,
    mode,
    postsOf: (pageId) => [...state.incidentsOf(pageId), ...state.windowsOf(pageId)].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    calls: server.calls,
    violations: server.violations,
    inject: server.inject,
    clearFaults: server.clearFaults,
    close: server.close,
  };
}
