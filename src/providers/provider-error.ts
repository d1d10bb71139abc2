import type { ProviderId } from './provider.js';

/**
 * Why a provider call failed, in the terms the publisher decides on:
 * - `rejected`: the provider refused the request as it is (400, 409, 422); sending it again changes nothing.
 * - `unauthorized`: the token is wrong or lacks rights (401, 403).
 * - `not_found`: the page or post is gone (404).
 * - `rate_limited`: 429/420 after our own retries ran out.
 * - `unavailable`: the provider could not be reached or said it is down (502, 503, refused connection)
 *   and the request certainly did not take effect.
 * - `ambiguous`: the request may or may not have taken effect (timeout or reset after sending, 500).
 *   Never send again blindly: read the timeline first.
 * - `invalid_response`: the provider answered 2xx with a body we cannot read.
 */
export type ProviderErrorKind =
  | 'rejected'
  | 'unauthorized'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'ambiguous'
  | 'invalid_response';

export interface ProviderErrorDetails {
  provider: ProviderId;
  kind: ProviderErrorKind;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The provider's own words, meant for users (never containing credentials). */
  providerMessage?: string | undefined;
  /** The provider's request id, for support tickets. */
  requestId?: string | undefined;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly providerMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'ProviderError';
    this.provider = details.provider;
    this.kind = details.kind;
    this.status = details.status;
    this.providerMessage = details.providerMessage;
    this.requestId = details.requestId;
  }
}
