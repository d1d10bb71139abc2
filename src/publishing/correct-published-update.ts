import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import { ProviderError } from '../providers/provider-error.js';
import { canCorrect, type CallOptions, type Provider } from '../providers/provider.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { CorrectionStore } from '../store/correction-store.js';
import type { SubmissionStore } from '../store/submission-store.js';
import type { CorrectionRecord } from '../updates/corrections.js';
import { recordExchange } from './exchange-trail.js';
import { slackTextToMarkdown } from '../text/slack-text-to-markdown.js';
import type { Submission } from '../updates/submission.js';

// Edits the text of a published update on its status page: the same entry (Submission.entryId), never a new
// one. Only the newest update of its incident is corrected, so what customers read as "the latest" is what
// gets fixed: a newer update, through Herald or straight on the page, stops the correction before sending.

export interface CorrectionDependencies {
  /** Where each HTTP exchange of the correction is recorded (the submission's audit trail). */
  submissions: SubmissionStore;
  corrections: CorrectionStore;
  channels: ChannelStore;
  catalog: ProviderCatalog;
  logger: Logger;
  now: () => Date;
}

export type CorrectionOutcome =
  | { kind: 'corrected' }
  | { kind: 'superseded'; where: 'herald' | 'page' }
  | { kind: 'failed'; message: string };

/**
 * Whether a newer update exists for the submission's incident, in Herald's records. Null: it is the last. One
 * still pending or publishing counts: it will be on the page after this one, so this one is no longer the last.
 */
export async function newerUpdateInHerald(channels: ChannelStore, submission: Submission): Promise<Submission | null> {
  const { provider, page, post } = submission.draft;
  const latest = await channels.latestPublished(provider, page.id, post.id);
  if (latest && latest.id !== submission.id) return latest;
  return channels.latestInFlight(provider, page.id, post.id, submission.id);
}

/**
 * Sends one correction already recorded as `requested`, then records its outcome. Every
 * HTTP exchange goes to the audit trail too. Throws only when the store fails.
 */
export async function correctPublishedUpdate(
  deps: CorrectionDependencies,
  submission: Submission,
  correction: CorrectionRecord,
): Promise<CorrectionOutcome> {
  const outcome = await attempt(deps, submission, correction);
  const failure = outcome.kind === 'failed' ? outcome.message : outcome.kind === 'superseded' ? 'A newer update was posted first.' : null;
  await deps.corrections.record(submission.id, {
    ...correction,
    stage: failure === null ? 'applied' : 'failed',
    at: deps.now(),
    failure,
  });
  return outcome;
}

async function attempt(deps: CorrectionDependencies, submission: Submission, correction: CorrectionRecord): Promise<CorrectionOutcome> {
  const { draft, entryId } = submission;
  let provider: Provider;
  try {
    provider = deps.catalog.provider(draft.provider);
  } catch (error) {
    return {
      kind: 'failed',
      message: `${error instanceof Error ? error.message : 'That status page is not configured.'} Nothing was changed.`,
    };
  }
  if (!canCorrect(provider)) {
    return {
      kind: 'failed',
      message: `${provider.name} does not allow changing a published update. Post a new update with /status-update instead.`,
    };
  }
  if (submission.state !== 'published' || entryId === null) {
    return { kind: 'failed', message: 'This update was never published, so there is nothing on the status page to correct.' };
  }
  if (await newerUpdateInHerald(deps.channels, submission)) return { kind: 'superseded', where: 'herald' };
  const audit = auditTrail(deps, submission.id);
  if (await newerUpdateOnPage(deps, provider, submission, entryId, audit)) return { kind: 'superseded', where: 'page' };
  try {
    await provider.correctUpdate({ pageId: draft.page.id, postId: draft.post.id, entryId }, slackTextToMarkdown(correction.message), audit);
  } catch (error) {
    deps.logger.warn({ err: error, submissionId: submission.id }, 'correcting a published update failed');
    return { kind: 'failed', message: describeCorrectionFailure(error, provider.name) };
  }
  deps.catalog.forgetPage(draft.provider, draft.page.id);
  deps.logger.info({ submissionId: submission.id, entryId, provider: provider.id }, 'published update corrected');
  return { kind: 'corrected' };
}

/**
 * Someone may have posted straight on the status page since. The timeline says; when it cannot be read,
 * the correction goes ahead on Herald's records alone (the provider still refuses an entry that is gone).
 */
async function newerUpdateOnPage(
  deps: CorrectionDependencies,
  provider: Provider,
  submission: Submission,
  entryId: string,
  audit: CallOptions,
): Promise<boolean> {
  try {
    const timeline = await provider.listTimeline(submission.draft.page.id, submission.draft.post.id, audit);
    const position = timeline.findIndex((entry) => entry.id === entryId);
    return position > 0;
  } catch (error) {
    deps.logger.warn({ err: error, submissionId: submission.id }, 'could not read the timeline before correcting; going ahead');
    return false;
  }
}

/** What went wrong, what the page now shows, and what to do: the provider's own words kept. */
export function describeCorrectionFailure(error: unknown, providerName: string): string {
  if (!(error instanceof ProviderError)) {
    return `Herald could not send the correction to ${providerName} because of an internal error. The page still shows the earlier text. Try again; if it keeps failing, tell whoever runs Herald.`;
  }
  const theirWords = error.providerMessage ? ` ${providerName} said: “${error.providerMessage}”` : '';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  const reference = error.requestId ? ` (request id ${error.requestId})` : '';
  const unchanged = 'The page still shows the earlier text.';
  const messages: Record<ProviderError['kind'], string> = {
    rejected: `${providerName} refused the correction${status}.${theirWords} ${unchanged} Change the text and try again.`,
    unauthorized: `${providerName} did not accept Herald's API token${status}.${theirWords} ${unchanged} Ask whoever runs Herald to check the token and its permissions.`,
    not_found: `${providerName} could not find this update any more${status}: it or its incident may have been deleted.${theirWords} Nothing was changed.`,
    rate_limited: `${providerName} is limiting how fast Herald may send${status}. ${unchanged} Wait a minute and try again.`,
    unavailable: `${providerName} could not be reached${status}.${theirWords} ${unchanged} Try again in a moment.`,
    ambiguous: `${providerName} did not confirm the correction${status}. The page shows either the earlier text or your correction: look at it, and try again if needed. A correction edits the same entry, so trying again never adds a second one.`,
    invalid_response: `${providerName} answered with something Herald could not read${status}. The page shows either the earlier text or your correction: look at it, and try again if needed.`,
  };
  return messages[error.kind] + reference;
}

function auditTrail(deps: CorrectionDependencies, submissionId: string): CallOptions {
  return { onExchange: (exchange) => recordExchange(deps, submissionId, exchange) };
}
