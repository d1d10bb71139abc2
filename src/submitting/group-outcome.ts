import type { SubmissionGroups } from '../store/submission-groups.js';
import { submitKeyOf } from './submission-key.js';
import type { UpdateDraft } from '../updates/draft.js';
import type { PublishFailure, Submission } from '../updates/submission.js';

// How a submit that went to several pages stands, page by page, for the one result view its author sees.
// Each page's submission is published on its own; whichever finishes last finds every page done and shows
// the result (the others leave the modal at "Publishing…"): marking a page done always comes before reading
// the group, so the last one to finish sees all of them.

export interface PageOutcome {
  submissionId: string;
  draft: UpdateDraft;
  state: Submission['state'];
  failure: PublishFailure | null;
  echoed: boolean;
  /** Published by an earlier submit of the group (before an "Edit and retry"). */
  earlier: boolean;
}

export interface GroupOutcome {
  /** Every page is failed, or published with its echo posted or given up. */
  complete: boolean;
  /** One per page, the form's page first. */
  pages: PageOutcome[];
  /** The failed submission "Edit and retry" reopens (the form's page first), or null when none failed. */
  retryId: string | null;
}

/** Reads the group of a submission; null when it went to one page only. */
export type GroupOutcomeReader = (submission: Submission) => Promise<GroupOutcome | null>;

/** What the outcome notifier needs to know about submits that went to several pages. */
export interface GroupOutcomes {
  read: GroupOutcomeReader;
  /**
   * Whether this submission is the one of its submit to send the author the private notice (their modal is
   * gone). Each page's submission finishes on its own and may find the group complete at the same moment as
   * another: only one of them gets true, decided in the store, across replicas too.
   */
  claimNotice(submission: Submission, now: Date): Promise<boolean>;
}

export function groupOutcomes(groups: SubmissionGroups): GroupOutcomes {
  return {
    read: groupOutcomeReader(groups),
    claimNotice: (submission, now) => groups.claimNotice(submitKeyOf(submission.key), submission.id, now),
  };
}

export function groupOutcomeReader(groups: SubmissionGroups): GroupOutcomeReader {
  return async (submission) => {
    const groupKey = await groups.groupKeyOf(submission.key);
    if (!groupKey) return null;
    // A member whose submission was never stored (its submit failed halfway) was never sent: it is no page of
    // the outcome, or the group would wait for it forever.
    const members = (await groups.listMembers(groupKey)).filter((member) => member.submission !== null);
    const attempt = submitKeyOf(submission.key);
    const byPage = new Map<string, (typeof members)[number]>();
    for (const member of members) {
      const page = `${member.provider}:${member.pageId}`;
      const kept = byPage.get(page);
      // A page published once stays published; otherwise its latest attempt tells.
      if (kept?.submission?.state === 'published' && member.submission?.state !== 'published') continue;
      byPage.set(page, member);
    }
    const chosen = [...byPage.values()].sort(
      (a, b) => Number(b.inForm && submitKeyOf(b.submissionKey) === attempt) - Number(a.inForm && submitKeyOf(a.submissionKey) === attempt),
    );
    if (chosen.length < 2) return null;
    const pages = chosen.map(({ submission: s, submissionKey }) => ({
      submissionId: s!.id,
      draft: s!.draft,
      state: s!.state,
      failure: s!.failure,
      echoed: s!.echoState === 'posted',
      earlier: submitKeyOf(submissionKey) !== attempt,
    }));
    // A published page is done once its echo is posted or given up: until then "couldn't post every copy"
    // would be said of an echo still on its way.
    const complete = chosen.every(({ submission: s }) => (s!.state === 'published' && s!.echoState !== 'pending') || s!.state === 'failed');
    const retryId = pages.find((page) => page.state === 'failed')?.submissionId ?? null;
    return { complete, pages, retryId };
  };
}
