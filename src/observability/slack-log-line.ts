// Bolt and its WebClient log like console.log: any mix of strings, errors and objects. pino wants one object
// of fields and one message, so this sorts them: the text becomes the message, the first error becomes `err`
// (pino's serializer keeps its type, stack, code and fields), plain objects become fields. Runs after
// scrubSecrets (installations), which keeps errors and objects as they are, so the scrubbing still applies.

/** An error's fields that hold the HTTP request it came from (axios, under a WebClient error's `original`):
 *  its headers carry the bot token, so they are never logged. */
const REQUEST_FIELDS = new Set(['config', 'request', 'response']);

/** Keys pino or Herald's own bindings write on every line: an object's field of the same name goes in `details`. */
const RESERVED_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'app', 'component', 'err', 'errors', 'details']);

/** Bounds the copy of an error's causes, so a cycle cannot run away. */
const MAX_ERROR_DEPTH = 5;

export interface SlackLogLine {
  fields: Record<string, unknown>;
  message: string;
}

export function slackLogLine(messages: readonly unknown[]): SlackLogLine {
  const text: string[] = [];
  const errors: Error[] = [];
  const fields: Record<string, unknown> = {};
  const details: unknown[] = [];
  for (const message of messages) {
    if (message instanceof Error) errors.push(withoutRequest(message, 0));
    else if (isPlainObject(message) && !Object.keys(message).some((key) => RESERVED_FIELDS.has(key))) Object.assign(fields, message);
    else if (typeof message === 'object' && message !== null) details.push(message);
    else text.push(String(message));
  }
  const [err, ...more] = errors;
  if (err) fields.err = err;
  // Only `err` goes through pino's error serializer; a further error is kept as its text and stack.
  if (more.length > 0) fields.errors = more.map((error) => ({ type: error.name, message: error.message, stack: error.stack }));
  if (details.length > 0) fields.details = details;
  return { fields, message: text.length > 0 ? text.join(' ') : (err?.message ?? '') };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A copy of the error (same class, message, stack and fields) without the request it was made from. */
function withoutRequest(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Reflect.ownKeys(error)) {
    if (typeof key === 'string' && REQUEST_FIELDS.has(key)) continue;
    const { enumerable } = Object.getOwnPropertyDescriptor(error, key)!;
    let value = (error as unknown as Record<PropertyKey, unknown>)[key];
    if (value instanceof Error) value = depth < MAX_ERROR_DEPTH ? withoutRequest(value, depth + 1) : String(value);
    Object.defineProperty(copy, key, { value, enumerable: enumerable === true, writable: true, configurable: true });
  }
  return copy;
}
