import type { Logger as SlackLogger } from '@slack/bolt';

// The WebClient logs request bodies at debug level and redacts only fields named like "token": oauth.v2.access
// carries `client_secret`, so the installer's logger replaces these secrets wherever they appear. Only the text is
// touched: an error stays an error (its stack, code and fields kept), an object stays an object, so the logger
// underneath still gets everything worth knowing.

// Deep enough for an error's cause or a response body's nested fields; bounded so a cycle cannot run away.
const MAX_DEPTH = 5;

export function scrubSecrets(logger: SlackLogger, secrets: readonly string[]): SlackLogger {
  const scrub = scrubberOf(secrets);
  const each = (messages: unknown[]) => messages.map((message) => scrub(message));
  return {
    debug: (...messages: unknown[]) => logger.debug(...each(messages)),
    info: (...messages: unknown[]) => logger.info(...each(messages)),
    warn: (...messages: unknown[]) => logger.warn(...each(messages)),
    error: (...messages: unknown[]) => logger.error(...each(messages)),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}

/** A copy of `value` with every secret replaced in its text; what is not text or a container of text is kept as is. */
export function scrubberOf(secrets: readonly string[]): (value: unknown) => unknown {
  const present = secrets.filter((secret) => secret !== '');
  const text = (value: string) => present.reduce((scrubbed, secret) => scrubbed.split(secret).join('[redacted]'), value);
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[array]' : '[object]';
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    if (value instanceof Error) return copyOf(value, (field) => scrub(field, depth + 1));
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value; // a Date, a Buffer…: no free text to hide in
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, scrub(field, depth + 1)]));
  };
  return (value) => scrub(value, 0);
}

/**
 * The error's own properties (message and stack are not enumerable) copied over, each value scrubbed; same class.
 * Read through the error itself, as some engines give `stack` a getter.
 */
function copyOf(error: Error, scrub: (value: unknown) => unknown): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Reflect.ownKeys(error)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(error, key)!;
    const value = scrub((error as unknown as Record<PropertyKey, unknown>)[key]);
    Object.defineProperty(copy, key, { value, enumerable: enumerable === true, writable: true, configurable: true });
  }
  return copy;
}
