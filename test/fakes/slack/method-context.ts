import type { FakeState } from './fake-state.js';
import type { TriggerRegistry } from './triggers.js';

// What every Web API method handler of the fake gets to work with.

export type Answer = Record<string, unknown>;

export interface MethodContext {
  method: string;
  state: FakeState;
  triggers: TriggerRegistry;
  now: () => number;
  scopes: ReadonlySet<string>;
  nextTs: (nowMs: number) => string;
}

export type MethodHandler = (args: Record<string, unknown>, ctx: MethodContext) => Answer;

export function fail(error: string, extra: Answer = {}): Answer {
  return { ok: false, error, ...extra };
}

/** An `invalid_arguments`-style refusal, also kept in `violations` so a test can see what the app got wrong. */
export function reject(ctx: MethodContext, error: string, messages: string[]): Answer {
  ctx.state.violations.push({ method: ctx.method, error, messages, at: ctx.now() });
  return fail(error, messages.length > 0 ? { response_metadata: { messages } } : {});
}

export function requireScope(ctx: MethodContext, scope: string): Answer | undefined {
  if (ctx.scopes.has(scope)) return undefined;
  return fail('missing_scope', { needed: scope, provided: [...ctx.scopes].join(',') });
}
