import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { MaintenanceReminderStore } from '../store/maintenance-reminder-store.js';
import type { SubmissionStore } from '../store/submission-store.js';
import { describeChangeFailure, describeNotConfigured } from './describe-failure.js';

// Moving a scheduled maintenance's end, from its reminder: the page first, then Herald's record of the window
// and the end reminder, which comes again at the new end. Setting the same end twice is harmless.

export interface WindowExtending {
  submissions: SubmissionStore;
  maintenanceReminders: MaintenanceReminderStore;
  catalog: ProviderCatalog;
  logger: Logger;
  now: () => Date;
}

export type WindowExtension =
  | { kind: 'extended'; endsAt: Date }
  /** Not a maintenance Herald scheduled (or no longer known). */
  | { kind: 'unknown' }
  /** The new end is not after the start, or already past: `message` says which. */
  | { kind: 'invalid'; message: string }
  | { kind: 'failed'; message: string };

export async function extendMaintenanceWindow(deps: WindowExtending, submissionId: string, endsAt: Date): Promise<WindowExtension> {
  const submission = await deps.submissions.getSubmission(submissionId);
  const window = submission?.draft.opening?.window;
  if (submission?.state !== 'published' || !window) return { kind: 'unknown' };
  if (endsAt.getTime() <= deps.now().getTime()) return { kind: 'invalid', message: 'Choose an end in the future.' };
  if (endsAt.getTime() <= new Date(window.startsAt).getTime())
    return { kind: 'invalid', message: 'Choose an end after the window starts.' };
  const { draft } = submission;
  let provider: ReturnType<ProviderCatalog['provider']>;
  try {
    provider = deps.catalog.provider(draft.provider);
  } catch (error) {
    return { kind: 'failed', message: describeNotConfigured(error).message };
  }
  try {
    await provider.extendWindow(draft.page.id, draft.post, endsAt);
  } catch (error) {
    deps.logger.warn({ err: error, provider: provider.id }, 'extending a maintenance window failed');
    return { kind: 'failed', message: describeChangeFailure(error, provider.name, 'move the end of the window') };
  }
  await deps.submissions.markWindowExtended(submission.id, endsAt);
  await deps.maintenanceReminders.rescheduleEnd(submission.id, endsAt, deps.now());
  deps.catalog.forgetPage(draft.provider, draft.page.id);
  deps.logger.info({ provider: provider.id }, 'maintenance window extended');
  return { kind: 'extended', endsAt };
}
