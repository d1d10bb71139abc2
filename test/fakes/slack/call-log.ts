import { EventEmitter } from 'node:events';

// Every request the fake answered, in the order the answers went out, and a way to await one.

export interface RecordedCall {
  /** Web API method (`views.open`) or `response_url`. */
  method: string;
  /** Decoded arguments; the token is never kept. For `response_url`, the posted JSON body. */
  args: Record<string, unknown>;
  /** When the request arrived, by the fake's clock (ms). */
  at: number;
  /** What the fake answered (JSON body); `undefined` for injected HTTP-status faults. */
  response: Record<string, unknown> | undefined;
  /** HTTP status of the answer. */
  status: number;
  /** For `response_url` calls: the id from `newResponseUrl()`. */
  responseUrlId?: string;
  /** Web API calls with a valid token: the team that token belongs to (the token itself is never kept). */
  teamId?: string;
}

export type CallMatcher = string | ((call: RecordedCall) => boolean);

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** Only calls at or after this index in `calls` count (take it from `calls.length` before acting). */
  since?: number;
}

export const DEFAULT_WAIT_MS = 5000;

function matches(matcher: CallMatcher, call: RecordedCall): boolean {
  return typeof matcher === 'string' ? call.method === matcher : matcher(call);
}

function describeMatcher(matcher: CallMatcher): string {
  return typeof matcher === 'string' ? `"${matcher}"` : `predicate ${matcher.name || '(anonymous)'}`;
}

function summarise(call: RecordedCall): string {
  const outcome =
    call.response === undefined ? `HTTP ${call.status}` : call.response.ok === false ? `error ${String(call.response.error)}` : 'ok';
  return `${call.method} → ${outcome}`;
}

export class CallLog {
  readonly calls: RecordedCall[] = [];
  private readonly events = new EventEmitter();

  /** `keepsBodies: false`: each call is kept without its arguments and with only `ok` of its answer. */
  constructor(readonly keepsBodies = true) {
    // Many concurrent waiters in one test are normal, not a leak.
    this.events.setMaxListeners(0);
  }

  /**
   * The arguments are kept as a copy of their own: a method may store what it was sent (a view, a message) and
   * change it later, and the log keeps what was sent. Without bodies nothing is copied, which the benchmark's
   * load side, answering tens of thousands of forms, depends on.
   */
  record(full: RecordedCall): void {
    const call = this.keepsBodies
      ? { ...full, args: JSON.parse(JSON.stringify(full.args)) as Record<string, unknown> }
      : { ...full, args: {}, response: full.response && { ok: full.response.ok } };
    this.calls.push(call);
    this.events.emit('call', call);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  waitFor(matcher: CallMatcher, options: WaitOptions = {}): Promise<RecordedCall> {
    return this.waitForCount(matcher, 1, options).then((found) => found[0] as RecordedCall);
  }

  /** Resolves with the first `count` matching calls once that many have been recorded. */
  waitForCount(matcher: CallMatcher, count: number, options: WaitOptions = {}): Promise<RecordedCall[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    const since = options.since ?? 0;
    const found = this.calls.slice(since).filter((call) => matches(matcher, call));
    if (found.length >= count) return Promise.resolve(found.slice(0, count));

    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall): void => {
        if (!matches(matcher, call)) return;
        found.push(call);
        if (found.length < count) return;
        cleanup();
        resolve(found.slice(0, count));
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.calls.map((call, i) => `  #${i} ${summarise(call)}`).join('\n') || '  (none)';
        reject(
          new Error(
            `fake Slack: timed out after ${timeoutMs} ms waiting for ${count} call(s) matching ${describeMatcher(matcher)}` +
              ` (got ${found.length}). Calls seen so far:\n${seen}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('call', onCall);
      };
      this.events.on('call', onCall);
    });
  }
}
