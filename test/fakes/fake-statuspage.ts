import { checkValue } from './contract-parameters.js';
import { loadContract, validateRequest, validateResponse } from './contract-validator.js';
import { answerStatuspage, statuspageError, type StatuspageAnswer } from './fake-statuspage-api.js';
import { FakeStatuspageState, type FakeStatuspageIncident, type StatuspageSeed } from './fake-statuspage-state.js';
import {
  startProviderServer,
  type ApiAnswer,
  type FakeFault,
  type FaultInjection,
  type ProviderRequest,
  type ProviderServer,
  type RecordedCall,
  type Violation,
} from './provider-server.js';

// A real HTTP server playing Atlassian Statuspage's API on 127.0.0.1 (on provider-server.ts, as the fake
// PagerDuty is): the OAuth token, then Statuspage's rate limit (one request per second per token: 420 with
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

export interface FakeStatuspage extends Pick<ProviderServer, 'calls' | 'violations' | 'inject' | 'clearFaults' | 'close'> {
  url: string;
  token: string;
  state: FakeStatuspageState;
  seed: StatuspageSeed | undefined;
  /** When each call arrived (ms since the epoch), index for index with `calls`. */
  arrivals: number[];
  /** Requests refused with 420 because they came too soon. */
  rateLimited: number;
  /** The page's incidents and maintenance, oldest first: a test counts what a submit created. */
  incidentsOf(pageId: string): FakeStatuspageIncident[];
}

const ROUTE_ALIASES: Record<string, string> = {
  listPages: 'getPages',
  listComponents: 'getPagesPageIdComponents',
  listUnresolved: 'getPagesPageIdIncidentsUnresolved',
  listIncidents: 'getPagesPageIdIncidents',
  getIncident: 'getPagesPageIdIncidentsIncidentId',
  patchIncident: 'patchPagesPageIdIncidentsIncidentId',
  createIncident: 'postPagesPageIdIncidents',
  correctIncidentUpdate: 'patchPagesPageIdIncidentsIncidentIdIncidentUpdatesIncidentUpdateId',
};

export async function startFakeStatuspage(options: FakeStatuspageOptions = {}): Promise<FakeStatuspage> {
  const contract = loadContract('statuspage');
  const token = options.token || FAKE_STATUSPAGE_TOKEN;
  const minGapMs = options.rateLimitMs === false ? 0 : (options.rateLimitMs ?? 1000);
  const toleranceMs = options.rateLimitToleranceMs ?? 25;
  const state = new FakeStatuspageState();
  const seed = options.seed === false ? undefined : state.seedDefault();
  const arrivals: number[] = [];
  let lastAccepted = Number.NEGATIVE_INFINITY;
  let rateLimited = 0;

  /** Statuspage checks the key, then its rate limit, before anything else, faults included. */
  function screen({ request }: ProviderRequest): ApiAnswer | undefined {
    const arrivedAt = Date.now();
    arrivals.push(arrivedAt);
    if (request.headers.authorization !== `OAuth ${token}`) return statuspageError(401, 'Could not authenticate');
    if (arrivedAt - lastAccepted < minGapMs - toleranceMs) {
      rateLimited += 1;
      return { ...statuspageError(420, 'Rate limit exceeded: one request per second'), headers: { 'retry-after': '1' } };
    }
    lastAccepted = arrivedAt;
    return undefined;
  }

  function answer({ call, url, rawBody }: ProviderRequest): StatuspageAnswer {
    const violation = (errors: string[], status = 400): StatuspageAnswer => {
      server.requestViolation(call, errors);
      return statuspageError(status, errors.join('; '));
    };
    if (rawBody !== '' && typeof call.body === 'string') return violation(['the request body is not JSON']);
    const result = validateRequest(contract, {
      method: call.method,
      path: call.path,
      query: url.searchParams,
      headers: call.headers,
      body: call.body,
    });
    if (!result.ok) return violation(result.errors, result.operationId ? 400 : 404);
    const answered = answerStatuspage(state, {
      operationId: result.operationId,
      pathParams: result.pathParams,
      query: url.searchParams,
      body: call.body,
    });
    checkAnswer(call, answered);
    return answered;
  }

  /** Success bodies against the operation; errors against ErrorEntity (the contract leaves most error statuses out). */
  function checkAnswer(call: RecordedCall, answered: StatuspageAnswer): void {
    const errors =
      answered.status < 300
        ? (() => {
            const check = validateResponse(contract, {
              method: call.method,
              path: call.path,
              status: answered.status,
              body: answered.body,
            });
            return check.ok ? [] : check.errors;
          })()
        : checkValue(contract.validators.response('#/components/schemas/ErrorEntity'), answered.body, 'error body');
    if (errors.length > 0) server.answerViolation(call, errors);
  }

  const server = await startProviderServer({
    contract,
    token,
    routeAliases: ROUTE_ALIASES,
    screen,
    answer,
    errorAnswer: (status, message) => statuspageError(status, message),
    contentType: 'application/json; charset=utf-8',
    garbageBody: '<html>Bad gateway</html>',
  });

  return {
    url: `${server.origin}/v1`,
    token,
    state,
    seed,
    calls: server.calls,
    arrivals,
    incidentsOf: (pageId) => state.incidentsOf(pageId),
    violations: server.violations,
    get rateLimited() {
      return rateLimited;
    },
    inject: server.inject,
    clearFaults: server.clearFaults,
    close: server.close,
  };
}
