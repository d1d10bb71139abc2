import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { SubmissionStore } from '../store/submission-store.js';
import { awaitsPublish } from '../updates/draft.js';
import type { Submission } from '../updates/submission.js';
import { describeChangeFailure, describeNotConfigured } from './describe-failure.js';

// A post opened on a page in review mode (DevHelm) is a draft only the page's team sees until someone
// publishes it. Publishing it is one idempotent call: pressing Publish twice, or from two places, is harmless.

export interface DraftPublishing {
  submissions: SubmissionStore;
  catalog: ProviderCatalog;
  logger: Logger;
}

export type DraftPublishOutcome =
  /** It is public now; `submission` as it now reads. */
  | { kind: 'published'; submission: Submission }
  /** Nothing to publish: not a draft Herald opened, or already public. */
  | { kind: 'not-a-draft' }
  /** The page refused or could not be reached; `message` says what to do, and the draft stays a draft. */
  | { kind: 'failed'; message: string };

export async function publishOpenedDraft(deps: DraftPublishing, submissionId: string): Promise<DraftPublishOutcome> {
  const submission = await deps.submissions.getSubmission(submissionId);
  if (submission?.state !== 'published' || !awaitsPublish(submission.draft)) return { kind: 'not-a-draft' };
  const { draft } = submission;
  let provider: ReturnType<ProviderCatalog['provider']>;
  try {
    provider = deps.catalog.provider(draft.provider);
  } catch (error) {
    return { kind: 'failed', message: describeNotConfigured(error).message };
  }
  try {
    await provider.publishDraft(draft.page.id, draft.post);
  } catch (error) {
    deps.logger.warn({ err: error, provider: provider.id }, 'publishing an opened draft failed');
    return { kind: 'failed', message: describeChangeFailure(error, provider.name, 'publish the draft') };
  }
  await deps.submissions.markDraftPublished(submission.id);
  deps.catalog.forgetPage(draft.provider, draft.page.id);
  deps.logger.info({ provider: provider.id }, 'opened draft published');
  const opening = draft.opening ? { ...draft.opening, awaitingPublish: false } : draft.opening;
  return { kind: 'published', submission: { ...submission, draft: { ...draft, opening } } };
}
