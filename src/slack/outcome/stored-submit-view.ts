import type { ModalView } from '@slack/types';
import { buildGroupResultView } from './group-result-view.js';
import { buildPublishingView } from './publishing-view.js';
import { buildFailedView, buildPublishedView } from './result-view.js';
import type { GroupOutcomeReader } from '../../submitting/group-outcome.js';
import type { Submission } from '../../updates/submission.js';

// A submit Herald has stored already (a double click, or Slack sending the same submit again) publishes
// nothing more: the modal shows how that submit stands. For a submit that went to several pages that is the
// group's result, the same view the outcome notifier shows, never one page's outcome as if it were alone.

/**
 * The view for a submit found stored; null while its own page is still to publish (the caller then shows
 * "Publishing…" and makes sure it is queued). A group whose other pages are still publishing shows
 * "Publishing…" too: the last page to finish puts the group's result in this same modal.
 */
export async function viewOfStoredSubmit(readGroup: GroupOutcomeReader, submission: Submission): Promise<ModalView | null> {
  if (submission.state !== 'published' && submission.state !== 'failed') return null;
  // Unreadable group (the database did not answer): this page's own outcome, which is true as far as it goes.
  const group = await readGroup(submission).catch(() => null);
  if (group) {
    if (!group.complete) return buildPublishingView(submission.draft);
    return buildGroupResultView({ pages: group.pages, channelId: submission.channelId, retryId: group.retryId });
  }
  if (submission.state === 'published') {
    return buildPublishedView({
      draft: submission.draft,
      entryUrl: submission.draft.post.url ?? submission.draft.page.url,
      channelId: submission.channelId,
      echoed: submission.echoState === 'posted',
    });
  }
  return submission.failure ? buildFailedView({ draft: submission.draft, failure: submission.failure, submissionId: submission.id }) : null;
}
