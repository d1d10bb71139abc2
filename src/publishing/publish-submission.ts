import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { CallOptions, TimelineEntry } from '../providers/provider.js';
import { ProviderError } from '../providers/provider-error.js';
import type { EchoState, PublishFailure, Store, Submission } from '../store/store.js';
import { toPublishRequest } from '../updates/to-publish-request.js';
import { describeFailure } from './describe-failure.js';
import { findPublishedEntry } from './find-published-entry.js';

/** Where the outcome goes in Slack. Implemented at the Slack edge; the publisher only decides. */
export interface OutcomeNotifier {
  /** Posts the published entry into the incident channel (or says why it could not). */
  deliverEcho(submission: Submission): Promise<{ state: EchoState; ts: string | null }>;
  showPublished(submission: Submission, echo: { state: EchoState }): Promise<void>;
  showFailed(submission: Submission): Promise<void>;
}

export interface PublishDependencies {
  store: Store;
  catalog: ProviderCatalog;
  notifier: OutcomeNotifier;
  logger: Logger;
  now: () => Date;
  leaseMs: number;
}

/** Publishing again after an ambiguous failure, once the timeline showed the entry is not there. */
const MAX_SENDS = 3;

/**
 * Publishes one stored submission exactly once and tells Slack the outcome.
 * Safe to call again for the same submission at any point: the claim keeps two publishers apart,
 * and the timeline is read before any send that might repeat an earlier one.
 */
export async function publishSubmission(deps: PublishDependencies, submissionId: string, claimAsOf?: Date): Promise<void> {
  const { store, logger } = deps;
  const existing = await store.getSubmission(submissionId);
  if (!existing) return;
  if (existing.state === 'published') {
    if (existing.echoState === 'pending') await deliverOutcome(deps, existing);
    return;
  }
  const submission = await store.claimSubmission(submissionId, deps.leaseMs, claimAsOf ?? deps.now());
  if (!submission) return; // another publisher holds it, or it is finished

  const provider = deps.catalog.provider(submission.draft.provider);
  const request = toPublishRequest(submission.draft);
  const callOptions: CallOptions = {
    onExchange: (exchange) => {
      // The audit trail; a failure to write it must not fail the publish it describes.
      store
        .recordAttempt({
          submissionId,
          method: exchange.method,
          url: exchange.url,
          requestBody: exchange.requestBody,
          responseStatus: exchange.status,
          responseBody: exchange.responseBody,
          errorCode: exchange.errorCode,
          startedAt: new Date(deps.now().getTime() - exchange.durationMs),
          durationMs: exchange.durationMs,
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not record a provider exchange'));
    },
  };

  let entry: TimelineEntry | null = null;
  try {
    // Claimed before: an earlier publisher may have sent it and died before recording the outcome.
    if (submission.attemptCount > 1) entry = await findPublishedEntry(provider, request, submission.createdAt, callOptions);
    for (let send = 1; entry === null; send += 1) {
      try {
        entry = await provider.publishUpdate(request, callOptions);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.kind !== 'ambiguous') throw error;
        logger.warn({ err: error }, 'publish outcome unknown; reading the timeline before sending again');
        entry = await findPublishedEntry(provider, request, submission.createdAt, callOptions).catch((readError: unknown) => {
          throw new UnconfirmedPublishError(provider.name, readError);
        });
        if (entry === null && send >= MAX_SENDS) throw error;
      }
    }
  } catch (error) {
    const failure =
      error instanceof UnconfirmedPublishError ? error.failure : describeFailure(error, provider.name);
    logger.warn({ err: error, failure: failure.kind }, 'publishing failed');
    await store.markFailed(submissionId, failure);
    await deps.notifier.showFailed({ ...submission, state: 'failed', failure });
    return;
  }

  const publishedAt = deps.now();
  await store.markPublished(submissionId, entry.id, publishedAt);
  deps.catalog.forgetPage(submission.draft.provider, submission.draft.page.id);
  logger.info({ entryId: entry.id, provider: provider.id }, 'update published');
  await deliverOutcome(deps, { ...submission, state: 'published', entryId: entry.id, publishedAt });
}

async function deliverOutcome(deps: PublishDependencies, submission: Submission): Promise<void> {
  const echo = await deps.notifier.deliverEcho(submission);
  await deps.store.markEchoed(submission.id, echo);
  await deps.notifier.showPublished({ ...submission, echoState: echo.state, echoTs: echo.ts }, echo);
}

/** A publish whose outcome is unknown and whose timeline could not be read to find out. */
class UnconfirmedPublishError extends Error {
  readonly failure: PublishFailure;
  constructor(providerName: string, cause: unknown) {
    super('publish unconfirmed and the timeline could not be read', { cause });
    this.failure = {
      kind: 'unconfirmed',
      message: `${providerName} did not confirm the update, and Herald could not read the incident's timeline to check whether it arrived. Look at the status page before publishing again, so the update does not appear twice.`,
    };
  }
}
