import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CallMatcher, CallLog, type RecordedCall, type WaitOptions } from './slack/call-log.js';
import {
  authTest,
  chatGetPermalink,
  chatPostEphemeral,
  chatPostMessage,
  chatUpdate,
  conversationsInfo,
  DEFAULT_SCOPES,
  pinsAdd,
  usersInfo,
} from './slack/chat-methods.js';
import {
  type EphemeralMessage,
  type FakeChannel,
  FakeState,
  type FakeUser,
  type FakeUsergroup,
  type StoredMessage,
  type StoredView,
  type Violation,
} from './slack/fake-state.js';
import { type Fault, FaultQueue } from './slack/faults.js';
import { messageTsFactory } from './slack/ids.js';
import type { Answer, MethodContext, MethodHandler } from './slack/method-context.js';
import { isJsonBody, parseArgs, readBody } from './slack/request-body.js';
import { FakeWorkspaces } from './slack/oauth.js';
import { ResponseUrls } from './slack/response-urls.js';
import { TriggerRegistry } from './slack/triggers.js';
import { viewsOpen, viewsPush, viewsUpdate } from './slack/view-methods.js';
import { viewsPublish } from './slack/home-methods.js';
import { usergroupsList, usergroupsUsersList } from './slack/usergroup-methods.js';
import { applyViewAck, type ViewAck } from './slack/view-ack.js';
import { type FunctionExecution, FunctionExecutions } from './slack/function-executions.js';

// A fake of Slack's Web API on 127.0.0.1: a real HTTP server that answers like Slack does, records
// every call, and can be told to fail. Point the app's WebClient at `fake.apiUrl`.

export type {
  CallMatcher,
  EphemeralMessage,
  FakeChannel,
  FakeUser,
  FakeUsergroup,
  Fault,
  FunctionExecution,
  RecordedCall,
  StoredMessage,
  StoredView,
  ViewAck,
  Violation,
  WaitOptions,
};
export { FAKE_CHANNEL, FAKE_USER, FAKE_WORKSPACE } from './slack/workspace.js';

export interface FakeSlackOptions {
  /** The bot token the app must send as `Authorization: Bearer …`. Default `xoxb-fake-herald-bot-token`. */
  botToken?: string;
  /** The app's granted scopes. Default includes chat:write.public. */
  scopes?: string[];
  /** Clock in ms, for trigger expiry and timestamps. Default `Date.now`. */
  now?: () => number;
  channels?: ChannelSpec[];
  users?: FakeUser[];
  /**
   * A request header holding when the call arrived (epoch ms), set by a timestamping proxy in front of the fake
   * (the benchmark's wire): each call's `at` is taken from it, since the fake's own event loop may notice a
   * request late. Default: `at` is when the fake sees the request.
   */
  arrivalHeader?: string;
  /**
   * Default true. False: calls are recorded without their arguments and with only `ok` of their answers, so
   * that a load of thousands of forms is not all kept in memory (the benchmark's load rounds, where the fake
   * shares a core with the load generator and must not be what limits the app).
   */
  keepCallBodies?: boolean;
  /**
   * Default unbounded. The most views kept open at once; beyond it the longest-kept is forgotten. Slack drops a
   * modal when its user closes it, which no load does: the benchmark's load rounds open tens of thousands.
   */
  maxOpenViews?: number;
}

export interface ChannelSpec {
  id: string;
  name: string;
  /** Default false. */
  isPrivate?: boolean;
  /** Default true. */
  botIsMember?: boolean;
}

const METHODS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'views.open': viewsOpen,
  'views.update': viewsUpdate,
  'views.push': viewsPush,
  'views.publish': viewsPublish,
  'chat.postMessage': chatPostMessage,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.update': chatUpdate,
  'chat.getPermalink': chatGetPermalink,
  'pins.add': pinsAdd,
  'conversations.info': conversationsInfo,
  'users.info': usersInfo,
  'usergroups.list': usergroupsList,
  'usergroups.users.list': usergroupsUsersList,
};

export const DEFAULT_BOT_TOKEN = 'xoxb-fake-herald-bot-token';

export class FakeSlack {
  readonly botToken: string;
  /** The teams behind the bot tokens, and OAuth installs that add more (test/fakes/slack/oauth.ts). */
  readonly workspaces: FakeWorkspaces;
  /** Workflow Builder steps: `function_executed` events to deliver, and their completions (slack/function-executions.ts). */
  readonly functions = new FunctionExecutions();
  private readonly now: () => number;
  private readonly arrivalHeader: string | undefined;
  private readonly scopes: ReadonlySet<string>;
  private readonly state: FakeState;
  private readonly log: CallLog;
  private readonly faults = new FaultQueue();
  private readonly triggers: TriggerRegistry;
  private readonly responseUrls = new ResponseUrls();
  private readonly nextTs = messageTsFactory();
  private lastViewId: string | undefined;
  private socketMode: { appToken: string; websocketUrl: string } | undefined;
  private baseUrl = '';

  constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    this.botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
    this.workspaces = new FakeWorkspaces(this.botToken);
    this.now = options.now ?? Date.now;
    this.arrivalHeader = options.arrivalHeader;
    this.log = new CallLog(options.keepCallBodies ?? true);
    this.state = new FakeState(options.maxOpenViews);
    this.scopes = new Set(options.scopes ?? DEFAULT_SCOPES);
    this.triggers = new TriggerRegistry(this.now);
    for (const channel of options.channels ?? []) this.addChannel(channel);
    for (const user of options.users ?? []) this.addUser(user);
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.baseUrl;
  }

  /** What the WebClient takes as `slackApiUrl`; ends with `/api/`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get calls(): readonly RecordedCall[] {
    return this.log.calls;
  }

  /** Every request refused for its content (bad view, too many blocks…), with Slack's messages. */
  get violations(): readonly Violation[] {
    return this.state.violations;
  }

  async listen(): Promise<void> {
    this.server.on('request', (req, res) => void this.route(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  /** A trigger_id that views.open accepts once, within 3 s. `fromViewId`: the modal it came from (for views.push). */
  newTriggerId(options: { fromViewId?: string } = {}): string {
    return this.triggers.issue(options.fromViewId);
  }

  newResponseUrl(): string {
    return `${this.baseUrl}/response/${this.responseUrls.issue()}`;
  }

  /** JSON bodies posted to one response_url (id or whole URL), oldest first. */
  responses(idOrUrl: string): Record<string, unknown>[] {
    return this.responseUrls.postsTo(idOrUrl);
  }

  addChannel(spec: ChannelSpec): FakeChannel {
    const channel = { id: spec.id, name: spec.name, isPrivate: spec.isPrivate ?? false, botIsMember: spec.botIsMember ?? true };
    this.state.channels.set(channel.id, channel);
    return channel;
  }

  addUser(user: FakeUser): void {
    this.state.users.set(user.id, { ...user });
  }

  /** Adds (or replaces, by id) a user group; `users` is its member list. */
  addUsergroup(group: FakeUsergroup): void {
    this.state.usergroups.set(group.id, { ...group, users: [...group.users] });
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.state.messagesIn(channelId);
  }

  /** Deletes a message as a person in the channel would; false when there was none with this ts. */
  deleteMessage(channelId: string, ts: string): boolean {
    const messages = this.state.messagesIn(channelId);
    const kept = messages.filter((message) => message.ts !== ts);
    this.state.messages.set(channelId, kept);
    return kept.length < messages.length;
  }

  ephemeralsIn(channelId: string): EphemeralMessage[] {
    return this.state.ephemerals.filter((message) => message.channel === channelId);
  }

  getView(viewId: string): StoredView | undefined {
    return this.state.views.get(viewId);
  }

  /** The Home tab the app last published for this user (views.publish), if any. */
  homeViewOf(userId: string): StoredView | undefined {
    return this.state.homeViews.get(userId);
  }

  /** Switches the app's Home tab off (or on again): views.publish then answers `not_enabled`. */
  setHomeTabEnabled(enabled: boolean): void {
    this.state.homeTabEnabled = enabled;
  }

  /** The view most recently opened, updated or pushed. */
  latestView(): StoredView | undefined {
    return this.lastViewId === undefined ? undefined : this.state.views.get(this.lastViewId);
  }

  /**
   * Applies what the app acknowledged to a view_submission (`response_action` update/push/clear),
   * as Slack would: the fake cannot see acks, so a test hands them over. Returns the view now on top.
   */
  applyViewAck(viewId: string, ack: ViewAck | undefined): StoredView | undefined {
    const shown = applyViewAck(this.state, viewId, ack, this.now);
    if (shown !== undefined) this.lastViewId = shown.id;
    return shown;
  }

  /** The next `times` calls of `method` (or `response_url`) get this fault instead of, or before, the real answer. */
  inject(method: string, fault: Fault, times = 1): void {
    this.faults.add(method, fault, times);
  }

  /**
   * Slack down: until `endOutage`, every Web API call and response_url post gets `fault` (say `{ status: 503 }`,
   * or `{ latencyMs: 30_000 }` for a Slack that hangs).
   */
  startOutage(fault: Fault): void {
    this.faults.setOutage(fault);
  }

  endOutage(): void {
    this.faults.setOutage(undefined);
  }

  callsOf(method: string): RecordedCall[] {
    return this.log.callsOf(method);
  }

  waitFor(matcher: CallMatcher, options?: WaitOptions): Promise<RecordedCall> {
    return this.log.waitFor(matcher, options);
  }

  waitForCount(matcher: CallMatcher, count: number, options?: WaitOptions): Promise<RecordedCall[]> {
    return this.log.waitForCount(matcher, count, options);
  }

  /** Forgets calls, views, messages, triggers, response_urls, faults and violations; keeps channels and users. */
  reset(): void {
    this.log.clear();
    this.state.clearActivity();
    this.faults.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.lastViewId = undefined;
    this.functions.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Clients keep connections alive; without this, close waits for them to time out.
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.arrivedAt(req);
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const apiMethod = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
      const responseUrlId = /^\/response\/([\w.-]+)$/.exec(url.pathname)?.[1];
      if (apiMethod !== undefined) return await this.answerApiCall(apiMethod, req, raw, url.searchParams, res, at);
      if (responseUrlId !== undefined && req.method === 'POST') return await this.answerResponseUrl(responseUrlId, req, raw, res, at);
      send(res, 404, 'not found');
    } catch (error) {
      send(res, 500, `fake Slack failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private arrivedAt(req: IncomingMessage): number {
    const stamped = this.arrivalHeader === undefined ? Number.NaN : Number(req.headers[this.arrivalHeader]);
    return Number.isFinite(stamped) ? stamped : this.now();
  }

  /** Runs an injected fault; true when it has answered the request itself. */
  private async applyFault(
    method: string,
    args: Record<string, unknown>,
    res: ServerResponse,
    at: number,
    extra: Partial<RecordedCall> = {},
  ): Promise<boolean> {
    const fault = this.faults.take(method);
    if (fault === undefined) return false;
    if (fault.latencyMs !== undefined) await sleep(fault.latencyMs);
    if ('status' in fault) {
      send(res, fault.status, 'injected failure');
      this.log.record({ method, args, at, response: undefined, status: fault.status, ...extra });
      return true;
    }
    if ('error' in fault) {
      const limited = fault.error === 'ratelimited';
      const status = limited ? 429 : 200;
      const answer = { ok: false, error: fault.error };
      sendJson(res, status, answer, limited ? { 'retry-after': String(fault.retryAfter ?? 1) } : {});
      this.log.record({ method, args, at, response: answer, status, ...extra });
      return true;
    }
    return false;
  }

  private async answerApiCall(
    method: string,
    req: IncomingMessage,
    raw: string,
    query: URLSearchParams,
    res: ServerResponse,
    at: number,
  ): Promise<void> {
    let parsed: Record<string, unknown>;
    try {
      parsed = parseArgs(raw, req.headers['content-type'], query);
    } catch {
      return this.finishApiCall(method, {}, res, at, { ok: false, error: 'invalid_json' });
    }
    // The token is checked, then dropped: it must never reach recorded data.
    const { token: bodyToken, client_secret: _clientSecret, ...args } = parsed;
    if (await this.applyFault(method, args, res, at)) return;
    const header = req.headers.authorization;
    if (method === 'oauth.v2.access') return this.finishApiCall(method, args, res, at, this.workspaces.exchange(parsed, header));
    // Slack reads a JSON body's token from the Authorization header only; a form body may carry it as a field.
    const bodyMayCarryToken = !isJsonBody(req.headers['content-type']);
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : bodyMayCarryToken ? bodyToken : undefined;
    if (token === undefined || token === '') return this.finishApiCall(method, args, res, at, { ok: false, error: 'not_authed' });
    if (method === 'apps.connections.open') return this.finishApiCall(method, args, res, at, this.openSocketConnection(token));
    const team = typeof token === 'string' ? (this.workspaces.teamOf(token) ?? this.workflowTeamOf(token)) : undefined;
    if (team === undefined) return this.finishApiCall(method, args, res, at, { ok: false, error: 'invalid_auth' });
    if (method === 'auth.revoke') {
      this.workspaces.revokeToken(token as string);
      return this.finishApiCall(method, args, res, at, { ok: true, revoked: true }, team.id);
    }
    const handler = METHODS[method] ?? this.functionMethod(method);
    if (handler === undefined) return this.finishApiCall(method, args, res, at, { ok: false, error: 'unknown_method' }, team.id);
    let answer = handler(args, this.contextFor(method));
    // auth.test names the team of the token it was called with.
    if (method === 'auth.test' && answer.ok === true)
      answer = { ...answer, team: team.name, team_id: team.id, user_id: team.botUserId, bot_id: team.botId };
    const view = answer.view as StoredView | undefined;
    if (answer.ok === true && view !== undefined) this.lastViewId = view.id;
    this.finishApiCall(method, args, res, at, answer, team.id);
  }

  private finishApiCall(
    method: string,
    args: Record<string, unknown>,
    res: ServerResponse,
    at: number,
    answer: Answer,
    teamId?: string,
  ): void {
    const sent = sendJson(res, 200, answer, { 'x-oauth-scopes': [...this.scopes].join(',') });
    // The answer may hold the fake's own state (a stored view, a message): the log keeps what was sent, as sent.
    const response = this.log.keepsBodies ? (JSON.parse(sent) as Answer) : answer;
    this.log.record({ method, args, at, response, status: 200, ...(teamId !== undefined ? { teamId } : {}) });
  }

  private async answerResponseUrl(id: string, req: IncomingMessage, raw: string, res: ServerResponse, at: number): Promise<void> {
    const body = parseArgs(raw, req.headers['content-type'], new URLSearchParams());
    if (await this.applyFault('response_url', body, res, at, { responseUrlId: id })) return;
    const outcome = this.responseUrls.receive(id, body);
    if (outcome.problems !== undefined) {
      this.state.violations.push({ method: 'response_url', ...outcome.problems, at });
    }
    if (typeof outcome.body === 'string') send(res, outcome.status, outcome.body);
    else sendJson(res, outcome.status, outcome.body);
    const response = typeof outcome.body === 'string' ? { ok: false, error: outcome.body } : outcome.body;
    this.log.record({ method: 'response_url', args: body, at, response, status: outcome.status, responseUrlId: id });
  }

  /**
   * Socket Mode: `apps.connections.open` (called with the app-level token, not the bot token) hands
   * out `websocketUrl`, where a fake Socket Mode server (test/fakes/fake-socket-mode.ts) listens.
   */
  enableSocketMode(appToken: string, websocketUrl: string): void {
    this.socketMode = { appToken, websocketUrl };
  }

  private openSocketConnection(token: unknown): Answer {
    if (this.socketMode === undefined) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.socketMode.appToken) return { ok: false, error: 'invalid_auth' };
    return { ok: true, url: this.socketMode.websocketUrl };
  }

  /** A workflow token (`bot_access_token` of a delivered function_executed event) acts for its team. */
  private workflowTeamOf(token: string) {
    const teamId = this.functions.teamOfToken(token);
    const botToken = teamId === undefined ? undefined : this.workspaces.tokensOf(teamId)[0];
    return botToken === undefined ? undefined : this.workspaces.teamOf(botToken);
  }

  private functionMethod(method: string): MethodHandler | undefined {
    if (method === 'functions.completeSuccess') return this.functions.completeSuccess;
    if (method === 'functions.completeError') return this.functions.completeError;
    return undefined;
  }

  private contextFor(method: string): MethodContext {
    return { method, state: this.state, triggers: this.triggers, now: this.now, scopes: this.scopes, nextTs: this.nextTs };
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Answers with `body` as JSON; returns the text sent. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): string {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
  return text;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(createServer(), options);
  await fake.listen();
  return fake;
}
