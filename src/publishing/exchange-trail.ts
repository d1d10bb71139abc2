import type { Logger } from '../observability/logger.js';
import type { ProviderExchange } from '../providers/provider.js';
import type { SubmissionStore } from '../store/submission-store.js';

// Every HTTP exchange with a status page, retries included, goes into the submission's audit trail (the
// attempts table): publishing and correcting both record them the same way.

export interface ExchangeTrailDependencies {
  submissions: SubmissionStore;
  logger: Logger;
  now: () => Date;
}

/**
 * Writes one exchange to the submission's trail, in the background: a failure to write the audit trail must
 * not fail the publish or correction it describes, so it is only logged.
 */
export function recordExchange(deps: ExchangeTrailDependencies, submissionId: string, exchange: ProviderExchange): void {
  deps.submissions
    .recordAttempt({
      submissionId,
      method: exchange.method,
      url: exchange.url,
      requestBody: exchange.requestBody,
      responseStatus: exchange.status,
      responseBody: exchange.responseBody,
      errorCode: exchange.errorCode,
      // The exchange reports when it ended (now) and how long it took; the trail keeps when it started.
      startedAt: new Date(deps.now().getTime() - exchange.durationMs),
      durationMs: exchange.durationMs,
    })
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not record a provider exchange'));
}
