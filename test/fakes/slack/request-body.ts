import type { IncomingMessage } from 'node:http';

// The WebClient sends form-encoded bodies in which objects (view, blocks…) are JSON strings;
// other clients send JSON. Tests want the decoded objects either way.

const JSON_ENCODED_FIELDS = new Set(['view', 'blocks', 'attachments', 'metadata', 'options', 'option_groups']);

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decodeField(key: string, value: string): unknown {
  if (!JSON_ENCODED_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // left as sent, so the method's own validation reports it
  }
}

export function parseFormBody(raw: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = decodeField(key, value);
  return args;
}

/** Whether a request's body is JSON (otherwise form-encoded), by its content type. */
export function isJsonBody(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Decodes a request's arguments from its query string and body, by content type. */
export function parseArgs(raw: string, contentType: string | undefined, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of query) args[key] = decodeField(key, value);
  if (raw.length === 0) return args;
  if (isJsonBody(contentType)) {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(args, parsed);
    return args;
  }
  return Object.assign(args, parseFormBody(raw));
}
