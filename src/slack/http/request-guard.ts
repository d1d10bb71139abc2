import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { envelopeProblem, readSlackBody } from './request-shape.js';
import { signatureRefusal } from './slack-signature.js';

// Every request to Slack's endpoints passes here before Bolt sees it. A missing, wrong or stale signature
// gets 401, as Bolt itself would answer; Bolt's own check is switched off (app.ts), so each body is
// hashed once, not twice. A signed body that is not a payload Slack sends gets 400 (request-shape.ts).
//
// A request signed by Slack stays valid for five minutes, so whoever captures one could send it again.
// The signature covers timestamp and body, so the same valid signature twice is the same request twice:
// the second gets 401 and never reaches a listener. Only signatures that verify are remembered, so nobody
// can spoil a genuine request by sending its signature first with another body.
// (Across several Herald replicas each remembers only what it saw; a replayed submission still publishes
// once, by its stored key, and a replayed command's trigger_id opens no second modal.)

/** Bolt refuses timestamps older than five minutes; remembering a little longer covers clock skew. */
const REMEMBER_MS = 10 * 60_000;

export interface RequestGuardOptions {
  signingSecret: string;
  /** Where Slack posts requests, e.g. `/slack/events`. */
  paths: readonly string[];
  /** The most body Bolt will read; the guard reads the body first, with the same limit. */
  bodyLimit: number;
  onReplay?: () => void;
  /** Why a signature was refused (Bolt's words: missing header, stale timestamp, mismatch); never the secret. */
  onBadSignature?: (reason: string) => void;
  /** Where the response_urls of Slack's requests may point (request-shape.ts: slackOriginsWith). */
  slackOrigins: readonly string[];
  /** Why a signed body was refused with 400 (see request-shape.ts): it is not a payload Slack sends. */
  onMalformed?: (reason: string) => void;
  /** Signatures remembered at most; the oldest are forgotten first. */
  maxRemembered?: number;
}

export function guardSlackRequests(listener: RequestListener, options: RequestGuardOptions): RequestListener {
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
    const refusal = signatureRefusal(options.signingSecret, body, signature, request.headers['x-slack-request-timestamp']);
    if (refusal !== null) {
      options.onBadSignature?.(refusal);
      response.writeHead(401);
      response.end();
      return;
    }
    if (seen.has(signature as string)) {
      options.onReplay?.();
      response.writeHead(401);
      response.end();
      return;
    }
    seen.set(signature as string, true);
    // Signed, so from Slack or from whoever holds the secret: either way, never a shape Bolt would trip over.
    const read = readSlackBody(body, request.headers['content-type']);
    const malformed = read.ok ? envelopeProblem(read.body, options.slackOrigins) : read.reason;
    if (malformed !== null) {
      options.onMalformed?.(malformed);
      response.writeHead(400);
      response.end();
      return;
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
