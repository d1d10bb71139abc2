import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderErrorKind } from './provider-error.js';

// What a failed exchange means and whether sending it again is safe. Pure, so the rules that keep an
// update from being published twice can be read (and tested) in one place.

export interface RetryPolicy {
  /** Extra attempts after the first; 0 switches retrying off. */
  retries: number;
  /** Longest wait a provider may ask for (Retry-After); asking for more ends the call as `rate_limited`. */
  maxRetryWaitMs: number;
  /** First backoff step; doubles with every attempt. */
  backoffMs: number;
}

export interface Failure {
  method: string;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** Node/got error code (ECONNREFUSED, ETIMEDOUT, ...), when none did. */
  code?: string | undefined;
  /** Whether a connection was ever established: a request without one was certainly not sent. */
  connected: boolean;
}

/** Reads cannot change anything, so an unclear read is simply "unavailable" and may be repeated. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function failureKind(failure: Failure): ProviderErrorKind {
  const { status } = failure;
  if (status !== undefined) {
    if (status === 401 || status === 403) return 'unauthorized';
    if (status === 404 || status === 410) return 'not_found';
    if (status === 420 || status === 429) return 'rate_limited';
    if (status === 502 || status === 503) return 'unavailable';
    if (status >= 500) return unclear(failure.method);
    return 'rejected';
  }
  if (failure.code !== undefined && NOT_SENT_CODES.has(failure.code)) return 'unavailable';
  // A timeout before any connection existed (DNS, connect) cannot have reached the provider.
  if (!failure.connected) return 'unavailable';
  return unclear(failure.method);
}

function unclear(method: string): ProviderErrorKind {
  return SAFE_METHODS.has(method.toUpperCase()) ? 'unavailable' : 'ambiguous';
}

/**
 * How long to wait before attempt `attemptCount + 1`, or 0 for "do not retry". Only causes where the
 * request certainly did not take effect are retried for writes; `ambiguous` never is.
 */
export function retryDelayMs(
  failure: Failure,
  headers: IncomingHttpHeaders | undefined,
  attemptCount: number,
  policy: RetryPolicy,
  now: number = Date.now(),
): number {
  if (attemptCount > policy.retries) return 0;
  const kind = failureKind(failure);
  if (kind !== 'rate_limited' && kind !== 'unavailable') return 0;
  const asked = requestedWaitMs(headers, now);
  if (asked !== undefined) return asked > policy.maxRetryWaitMs ? 0 : Math.max(asked, 1);
  const backoff = policy.backoffMs * 2 ** (attemptCount - 1);
  // A little jitter so that several workers hit by the same outage do not come back in step.
  return Math.min(backoff + Math.random() * policy.backoffMs * 0.2, policy.maxRetryWaitMs);
}

/** `Retry-After` (seconds or an HTTP date), else PagerDuty's `ratelimit-reset` (seconds). */
export function requestedWaitMs(headers: IncomingHttpHeaders | undefined, now: number = Date.now()): number | undefined {
  const retryAfter = single(headers?.['retry-after']);
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (retryAfter !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = single(headers?.['ratelimit-reset']);
  if (reset !== undefined && reset !== '' && Number.isFinite(Number(reset))) return Math.max(0, Number(reset) * 1000);
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim();
}
