import type { ChannelStore } from '../store/channel-store.js';
import type { GroupMember, SubmissionGroups } from '../store/submission-groups.js';
import type { Submission } from '../updates/submission.js';

// One submit published to several linked pages is one update for the channel: it gets one reminder, not one
// per page. The page published last carries it (the newest facts; the form's page on a tie), among the pages
// the channel is still linked to: a page unlinked since gets no reminder (see reminder-decision.ts), so if it
// carried the group's, the pages still linked would go without. Only when none is linked any more does the
// usual carrier keep it (to be skipped as unlinked).

interface CarrierStores {
  channels: Pick<ChannelStore, 'unlinkedAt'>;
  groups: Pick<SubmissionGroups, 'groupKeyOf' | 'listMembers'>;
}

/** Whether another page's submission of the same submit carries this update's reminder. */
export async function remindedWithAnotherPage(submission: Submission, { channels, groups }: CarrierStores): Promise<boolean> {
  const groupKey = await groups.groupKeyOf(submission.key);
  if (!groupKey) return false;
  const published = (await groups.listMembers(groupKey)).filter(
    (member): member is GroupMember & { submission: Submission } =>
      member.submission?.state === 'published' && member.submission.draft.nextUpdateMinutes !== null,
  );
  const linked: typeof published = [];
  for (const member of published) {
    if (!(await unlinkedSincePublished(channels, member.submission))) linked.push(member);
  }
  const carrier = newestFirst(linked.length > 0 ? linked : published)[0]?.submission;
  return carrier !== undefined && carrier.id !== submission.id;
}

/** The same test reminder-decision.ts skips a reminder for: the page was unlinked at or after the update. */
async function unlinkedSincePublished(channels: CarrierStores['channels'], submission: Submission): Promise<boolean> {
  const { provider, page } = submission.draft;
  const unlinkedAt = await channels.unlinkedAt(submission.channelId, { provider, pageId: page.id });
  return unlinkedAt !== null && submission.publishedAt !== null && unlinkedAt >= submission.publishedAt;
}

function newestFirst<T extends { inForm: boolean; submission: Submission }>(members: T[]): T[] {
  return [...members].sort(
    (a, b) =>
      (b.submission.publishedAt?.getTime() ?? 0) - (a.submission.publishedAt?.getTime() ?? 0) || Number(b.inForm) - Number(a.inForm),
  );
}
