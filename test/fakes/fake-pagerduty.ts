import { answerPagerDuty, pagerDutyError } from './fake-pagerduty-api.js';
import { FakePagerDutyState, type DefaultSeed, type FakePost, type LargeSeed } from './fake-pagerduty-state.js';
import { loadContract, validateRequest, validateResponse } from './contract-validator.js';
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

// A real HTTP server playing PagerDuty's Status Pages API on 127.0.0.1: it checks the token and
// every request against the vendored contract (answering 400 and recording a violation when one
// fails), answers from FakePagerDutyState, checks its own answers against the contract too, and can
// be told to misbehave (status codes, timeouts, resets, garbage, latency) for chosen routes.

export const FAKE_PAGERDUTY_TOKEN = 'pd-fake-token-u+Qx9';
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

export type { FakeFault, FaultInjection, RecordedCall, Violation };

export interface FakePagerDutyOptions {
  token?: string;
  /** Seed "Acme Status" (see FakePagerDutyState.seedDefault); default true. */
  seed?: boolean;
  /** Also seed a large page (for pagination tests and benchmarks). */
  large?: { services: number; posts: number };
}

/** The fake's calls, violations and faults are its server's (provider-server.ts). */
export interface FakePagerDuty
  extends Pick<ProviderServer, 'calls' | 'violations' | 'inject' | 'setFaultPicker' | 'clearFaults' | 'setLatency' | 'close'> {
  /** Base URL to give the provider, e.g. http://127.0.0.1:43123 */
  url: string;
  token: string;
  state: FakePagerDutyState;
  /** Ids of the default dataset; undefined with `seed: false`. */
  seed: DefaultSeed | undefined;
  large: LargeSeed | undefined;
  /** The page's posts, oldest first: a test counts what a submit created. */
  postsOf(pageId: string): FakePost[];
}

const ROUTE_ALIASES: Record<string, string> = {
  listPages: 'listStatusPages',
  listPosts: 'listStatusPagePosts',
  listStatuses: 'listStatusPageStatuses',
  listSeverities: 'listStatusPageSeverities',
  listImpacts: 'listStatusPageImpacts',
  listServices: 'listStatusPageServices',
  createPostUpdate: 'createStatusPagePostUpdate',
  createPost: 'createStatusPagePost',
  updatePost: 'updateStatusPagePost',
  getPost: 'getStatusPagePost',
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
  let apiBase = '';

  /** Authentication, then the contract, then the state: what the real API would answer. */
  function answer({ request, call, url, rawBody }: ProviderRequest): ApiAnswer {
    if (request.headers.authorization !== `Token token=${token}`) return pagerDutyError(401, 'Unauthorized');
    const violation = (errors: string[]): ApiAnswer => {
      server.requestViolation(call, errors);
      return pagerDutyError(400, 'Invalid Input Provided', errors);
    };
    if (rawBody !== '' && typeof call.body === 'string') return violation(['the request body is not JSON']);
    const accept = call.headers.accept?.replace(/\s+/g, '').toLowerCase();
    if (accept !== undefined && accept !== ACCEPT) return violation([`Accept must be ${ACCEPT}, was ${call.headers.accept}`]);
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
    errorAnswer: (status, message) => pagerDutyError(status, message),
    requestId: (n) => `fake-pd-${n}`,
    contentType: 'application/json; charset=utf-8',
    garbageBody: '<html><body>Service temporarily unavailable</body></html>',
  });
  apiBase = server.origin;

  return {
    url: apiBase,
    token,
    state,
    seed,
    large,
    postsOf: (pageId) => state.postsOf(pageId),
    calls: server.calls,
    violations: server.violations,
    inject: server.inject,
    setFaultPicker: server.setFaultPicker,
    clearFaults: server.clearFaults,
    setLatency: server.setLatency,
    close: server.close,
  };
}
