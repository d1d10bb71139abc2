import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest } from '@slack/bolt';
import { LRUCache } from 'lru-cache';

// A request signed by Slack stays valid for five minutes, so whoever captures one could send it again.
// The signature covers timestamp and body, so the same valid signature twice is the same request twice:
// the second gets 401 and never reaches a listener. Only signatures that verify are remembered, so nobody
// can spoil a genuine request by sending its signature first with another body.
// (Across several Herald replicas each remembers only what it saw; a replayed submission still publishes
// once, by its stored key, and a replayed command's trigger_id opens no second modal.)

/** Bolt refuses timestamps older than five minutes; remembering a little longer covers clock skew. */
const REMEMBER_MS = 10 * 60_000;

export interface ReplayGuardOptions {
  signingSecret: string;
  /** Where Slack posts requests, e.g. `/slack/events`. */
  paths: readonly string[];
  /** The most body Bolt will read; the guard reads the body first, with the same limit. */
  bodyLimit: number;
  onReplay?: () => void;
  /** Signatures remembered at most; the oldest are forgotten first. */
  maxRemembered?: number;
}

export function refuseReplays(listener: RequestListener, options: ReplayGuardOptions): RequestListener {
  const seen = new LRUCache<string, true>({ max: options.maxRemembered ?? 100_000, ttl: REMEMBER_MS });

  async function screen(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: string;
    try {
      // Buffered the way Bolt buffers, so Bolt reuses it instead of reading the stream again.
      body = (await HTTPModuleFunctions.bufferIncomingMessage(request, options.bodyLimit)).rawBody.toString();
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413;
      response.writeHead(tooLarge ? 413 : 400);
      response.end();
      return;
    }
    const signature = request.headers['x-slack-signature'];
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    if (typeof signature === 'string' && isValidSlackRequest({ signingSecret: options.signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } })) {
      if (seen.has(signature)) {
        options.onReplay?.();
        response.writeHead(401);
        response.end();
        return;
      }
      seen.set(signature, true);
    }
    listener(request, response);
  }

  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'POST' || !options.paths.includes(path)) return listener(request, response);
    screen(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400);
      response.end();
    });
  };
}
