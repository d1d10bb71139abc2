/** Slack's error code ("not_in_channel", "expired_trigger_id"…) from a WebClient error, or a generic one. */
export function slackErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return 'unknown_error';
}

export interface SlackFailure {
  /** Slack's own error code when it answered (invalid_auth…), else the network's (ECONNREFUSED, timeout, HTTP 503). */
  code: string;
  /** Slack answered and said no; false when it could not be reached or did not answer properly. */
  refused: boolean;
}

/** How the transport says it gave up waiting (slack-http-transport.ts aborts a request at its timeout). */
const TIMEOUT_CODES = new Set(['ABORT_ERR', 'ECONNABORTED', 'ETIMEDOUT']);

/**
 * Tells "Slack said no" from "Slack did not answer" in a WebClient error, in words that carry no secret (never
 * the error's message, which for some failures repeats the request).
 */
export function describeSlackFailure(error: unknown): SlackFailure {
  const failure = (error ?? {}) as {
    code?: unknown;
    data?: { error?: unknown };
    original?: { code?: unknown; name?: unknown };
    statusCode?: unknown;
  };
  if (typeof failure.data?.error === 'string') return { code: failure.data.error, refused: true };
  if (failure.code === 'slack_webapi_http_error' && typeof failure.statusCode === 'number')
    return { code: `HTTP ${failure.statusCode}`, refused: false };
  if (failure.code === 'slack_webapi_rate_limited_error') return { code: 'ratelimited', refused: false };
  const original = failure.original;
  if (typeof original?.code === 'string') return { code: TIMEOUT_CODES.has(original.code) ? 'timeout' : original.code, refused: false };
  if (typeof failure.code === 'string') return { code: failure.code, refused: false };
  return { code: error instanceof Error ? error.name : 'unknown error', refused: false };
}
