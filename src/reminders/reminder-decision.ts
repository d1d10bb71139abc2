import type { ProviderCatalog } from '../providers/catalog.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { SubmissionGroups } from '../store/submission-groups.js';
import { remindedWithAnotherPage } from './linked-page-reminders.js';
import { isFinalStatus } from '../updates/statuses.js';
import type { Submission } from '../updates/submission.js';

// Whether a due reminder should still be sent. Every reason not to is a newer fact than the reminder: the
// incident was resolved, a newer update was posted (through Herald or on the status page), or the channel
// was unlinked since.

export type SkipReason = 'resolved' | 'newer-herald-update' | 'newer-provider-update' | 'unlinked' | 'reminded-with-another-page';

export async function reasonNotToRemind(
  submission: Submission,
  publishedAt: Date,
  deps: { channels: ChannelStore; groups: SubmissionGroups; catalog: ProviderCatalog },
): Promise<SkipReason | null> {
  const { draft } = submission;
  if (isFinalStatus(draft.status)) return 'resolved';
  if (await remindedWithAnotherPage(submission, deps)) return 'reminded-with-another-page';
  const latest = await deps.channels.latestPublished(draft.provider, draft.page.id, draft.post.id);
  if (latest && latest.id !== submission.id) return 'newer-herald-update';
  // Per page: a channel linked to several pages may drop one and keep the others' reminders.
  const unlinkedAt = await deps.channels.unlinkedAt(submission.channelId, { provider: draft.provider, pageId: draft.page.id });
  if (unlinkedAt && unlinkedAt >= publishedAt) return 'unlinked';
  // Someone may have posted on the status page directly. When the provider cannot say, nudge anyway:
  // a needless reminder costs less than customers left without news.
  const entries = await deps.catalog
    .provider(draft.provider)
    .listTimeline(draft.page.id, draft.post.id)
    .catch(() => null);
  const newest = entries?.[0];
  if (newest && submission.entryId !== null && newest.id !== submission.entryId) return 'newer-provider-update';
  return null;
}
