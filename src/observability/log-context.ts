import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// Ids that tie one Slack request's (or one publish's) log lines together. They ride on the async context
// rather than on child loggers, so every line written while handling the request carries them: Bolt's own,
// the listeners', the WebClient's, without each of them being handed a logger.

export interface LogContext {
  /** One Slack request (an HTTP POST to /slack/events, or one Socket Mode envelope). */
  requestId?: string;
  /** One run of the publisher for one submission. */
  publishId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** The ids of the work in progress; pino adds them to every line (see logger.ts). */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** Runs `work` with `ids` added to the current context (a publish started by a request keeps its requestId). */
export function withLogContext<T>(ids: LogContext, work: () => T): T {
  return storage.run({ ...currentLogContext(), ...ids }, work);
}

export function newRequestId(): string {
  return randomUUID();
}
