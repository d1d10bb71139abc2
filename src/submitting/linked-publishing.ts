import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { PostOptions, ProviderCapabilities } from '../providers/provider.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { NewGroupMember, SubmissionGroups } from '../store/submission-groups.js';
import type { SubmissionStore } from '../store/submission-store.js';
import type { ChannelLink } from '../updates/channel-link.js';
import { deriveLinkedDraft, type NewestEntry } from '../updates/derive-linked-draft.js';
import type { UpdateDraft } from '../updates/draft.js';
import { type PageRef, pageSubmitKey } from './submission-key.js';
import { updateRateRefusal } from './update-rate-refusal.js';

// One submit of the form, published to every page the responder kept ticked under "Also publish to": one
// stored submission per page, tied together in a group (see store/submission-groups.ts). The page in the form
// keeps the submit's own key, so a single-page submit is stored exactly as before; each other page's key adds
// its page (submission-key.ts), so a replayed submit finds every one of them again instead of publishing twice.
// A retry ("Edit and retry") joins the group of the submission it retries and skips the pages that group
// already published.

export interface LinkedPublishingDeps {
  submissions: SubmissionStore;
  channels: ChannelStore;
  groups: SubmissionGroups;
  catalog: ProviderCatalog;
  logger: Logger;
  /** HERALD_MAX_UPDATES_PER_MINUTE, applied to each other page's post as to the form's own. */
  maxUpdatesPerMinute?: number | undefined;
}

/** A page ticked under "Also publish to", with the incident the form showed for it (null: a form built before it was carried). */
export interface TickedPage extends PageRef {
  postId: string | null;
}

/** A linked incident as the form showed it when it was opened (its names, for saying what changed since). */
export interface ShownLink extends PageRef {
  pageName: string;
  postId: string;
  postTitle: string;
}

/**
 * How long a submit may wait, in all, for the other pages' statuses and current services: they load at once,
 * under this one deadline, so Slack gets its acknowledgement within 3 s however many pages there are.
 */
export const OTHER_PAGES_WAIT_MS = 1000;

export interface OtherPage {
  key: string;
  draft: UpdateDraft;
  page: PageRef;
}

/** What to store for one submit: the other pages' updates and, when there are any, the group tying them together. */
export type LinkedPlan = { ok: true; others: OtherPage[]; group: NewGroupMember[] } | { ok: false; problem: string };

export interface LinkedPublishingInput {
  /** The submit's own key (the form's page is stored under it). */
  key: string;
  channelId: string;
  userId: string;
  now: Date;
  draft: UpdateDraft;
  ticked: readonly TickedPage[];
  /** The failed submission this submit retries ("Edit and retry"), if it is one. */
  retryOf: string | null;
  /** The channel's links as the form showed them. */
  shownLinks: readonly ShownLink[];
}

export async function planLinkedPublishing(deps: LinkedPublishingDeps, input: LinkedPublishingInput): Promise<LinkedPlan> {
  const own: PageRef = { provider: input.draft.provider, pageId: input.draft.page.id };
  const retried = await retriedGroup(deps, input.retryOf);
  const ticked = input.ticked.filter((page) => !samePage(page, own) && !retried.done.some((done) => samePage(done, page)));

  const targets: ChannelLink[] = [];
  const problems: string[] = [];
  if (ticked.length > 0) {
    const links = await deps.channels.listLinks(input.channelId);
    for (const page of ticked) {
      const link = links.find((candidate) => samePage(pageOf(candidate), page));
      // Linked elsewhere (or unlinked) while the author typed: the incident they ticked is not this one.
      if (link && (page.postId === null || link.post.id === page.postId)) targets.push(link);
      else problems.push(describeChangedLink(page, input.shownLinks, link));
    }
  }

  const others: OtherPage[] = [];
  if (problems.length === 0 && targets.length > 0) {
    const derived = await withDeadline(OTHER_PAGES_WAIT_MS, (deadline) =>
      Promise.all(targets.map((link) => deriveFor(deps, input.draft, link, deadline))),
    );
    derived.forEach((result, index) => {
      const page = pageOf(targets[index]!);
      if (result.ok) others.push({ key: pageSubmitKey(input.key, page), draft: result.draft, page });
      else problems.push(result.reason);
    });
  }
  if (problems.length > 0) return { ok: false, problem: `Nothing was published yet. ${problems.join(' ')}` };

  // Each other page's incident counts against the limit as the form's own does (checked before this plan).
  const limit = { submissions: deps.submissions, logger: deps.logger, limit: deps.maxUpdatesPerMinute };
  for (const other of others) {
    const incident = `“${other.draft.post.title}” on ${other.draft.page.name}`;
    const refusal = await updateRateRefusal(limit, { key: other.key, userId: input.userId, draft: other.draft, incident }, input.now);
    if (refusal) return { ok: false, problem: `${refusal} To publish to the other pages now, untick it.` };
  }

  const groupKey = retried.groupKey ?? (others.length > 0 ? input.key : null);
  const group: NewGroupMember[] =
    groupKey === null
      ? []
      : [
          { submissionKey: input.key, groupKey, provider: own.provider, pageId: own.pageId, inForm: true },
          ...others.map((other) => ({
            submissionKey: other.key,
            groupKey,
            provider: other.page.provider,
            pageId: other.page.pageId,
            inForm: false,
          })),
        ];
  return { ok: true, others, group };
}

/**
 * The pages a retry of `submissionId` must not send again: those its group already published or is publishing.
 * Empty when it is no retry of a submit to several pages.
 */
export async function pagesDoneBefore(
  deps: Pick<LinkedPublishingDeps, 'submissions' | 'groups'>,
  submissionId: string | null,
): Promise<PageRef[]> {
  return (await retriedGroup(deps, submissionId)).done;
}

/** The group a retry continues, and the pages it already published or is publishing, whatever the form says. */
async function retriedGroup(
  deps: Pick<LinkedPublishingDeps, 'submissions' | 'groups'>,
  submissionId: string | null,
): Promise<{ groupKey: string | null; done: PageRef[] }> {
  if (!submissionId) return { groupKey: null, done: [] };
  const retried = await deps.submissions.getSubmission(submissionId);
  const groupKey = retried ? await deps.groups.groupKeyOf(retried.key) : null;
  if (!groupKey) return { groupKey: null, done: [] };
  const members = await deps.groups.listMembers(groupKey);
  // A member without a submission never got stored (the submit failed halfway): it has not been sent.
  const done = members
    .filter((member) => member.submission !== null && member.submission.state !== 'failed')
    .map((member) => ({ provider: member.provider, pageId: member.pageId }));
  return { groupKey, done };
}

/**
 * The update for another linked page: its statuses (cached when the form opened) and, where an update lists
 * every impact (PagerDuty), the post's newest entry on the page, whose impacts the update must repeat. When
 * either cannot be read before the deadline, the page is refused: sending without them would roll its
 * services back.
 */
async function deriveFor(deps: LinkedPublishingDeps, draft: UpdateDraft, link: ChannelLink, deadline: Promise<never>) {
  const where = `${link.post.title} on ${link.page.name}`;
  let capabilities: ProviderCapabilities;
  let options: PostOptions;
  let newest: NewestEntry = null;
  try {
    capabilities = deps.catalog.provider(link.provider).capabilities;
    const listsImpacts = !capabilities.componentsKeepUnlessChanged;
    [options, newest] = await Promise.race([
      Promise.all([
        deps.catalog.peekPostOptions(link.provider, link.page.id, link.post.kind) ??
          deps.catalog.loadPostOptions(link.provider, link.page.id, link.post.kind),
        listsImpacts ? newestEntry(deps.catalog, link) : null,
      ]),
      deadline,
    ]);
  } catch (error) {
    deps.logger.warn({ err: error, provider: link.provider }, 'could not load a linked page to publish to');
    return {
      ok: false as const,
      reason: `Herald couldn't load the statuses and current services of ${where} in time: submit again in a moment, or untick it.`,
    };
  }
  return deriveLinkedDraft(draft, { provider: link.provider, page: link.page, post: link.post }, options, capabilities, newest);
}

async function newestEntry(catalog: ProviderCatalog, link: ChannelLink): Promise<NewestEntry> {
  const entries = await catalog.provider(link.provider).listTimeline(link.page.id, link.post.id);
  return entries[0] ?? null;
}

/** Why a ticked page is not published to: the channel's link on it changed since the form was opened. */
function describeChangedLink(page: TickedPage, shownLinks: readonly ShownLink[], now: ChannelLink | undefined): string {
  const shown = shownLinks.find((link) => samePage(link, page) && (page.postId === null || link.postId === page.postId));
  const pageName = shown?.pageName ?? now?.page.name ?? 'a ticked page';
  const ticked = shown ? `“${shown.postTitle}” on ${pageName}` : pageName;
  return now
    ? `This channel’s link on ${pageName} changed while you typed: it is now “${now.post.title}”, not ${ticked}. Untick it to publish without it, or copy your text and run /status-update again.`
    : `${ticked} was unlinked from this channel while you typed. Untick it to publish without it, or copy your text and run /status-update again.`;
}

function pageOf(link: ChannelLink): PageRef {
  return { provider: link.provider, pageId: link.page.id };
}

function samePage(a: PageRef, b: PageRef): boolean {
  return a.provider === b.provider && a.pageId === b.pageId;
}

/** Runs `work` with a promise that rejects once `ms` have passed: one deadline shared by everything it starts. */
async function withDeadline<T>(ms: number, work: (deadline: Promise<never>) => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  deadline.catch(() => undefined); // a deadline nobody is still waiting on is no error
  try {
    return await work(deadline);
  } finally {
    clearTimeout(timer);
  }
}
