import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { PostOptions, ProviderCapabilities, ProviderId } from '../providers/provider.js';
import { channelStoreFor, type ChannelStore } from '../store/channel-store.js';
import type { Store } from '../store/store.js';
import { deriveLinkedDraft, type NewestEntry } from '../updates/derive-linked-draft.js';
import type { UpdateDraft } from '../updates/draft.js';
import { LINKED_PAGES_ACTIONS, LINKED_PAGES_BLOCKS, REMEMBER_OPTION_VALUE } from '../slack/update-form/blocks/update-form-links.js';
import { parsePageOptionValue } from '../slack/update-form/blocks/form-choices.js';
import { parseLinkOptionValue } from '../slack/channel-links/link-form.js';
import type { FormMetadata } from '../slack/update-form/form-metadata.js';
import { updateRateRefusal } from './update-rate-refusal.js';
import type { ViewStateValues } from '../slack/update-form/read-update-form.js';
import type { Submission } from '../updates/submission.js';
import type { ChannelLink } from '../updates/channel-link.js';

// One submit of the form, published to every page the responder kept ticked under "Also publish to": one
// stored submission per page, tied together in a group (see store/submission-groups.ts). The page in the form
// keeps the submit's own key, so a single-page submit is stored exactly as before; each other page's key adds
// its page, so a replayed submit finds every one of them again instead of publishing twice. A retry ("Edit
// and retry") joins the group of the submission it retries and skips the pages that group already published.

interface LinkedDeps {
  store: Store;
  catalog: ProviderCatalog;
  logger: Logger;
  /** HERALD_MAX_UPDATES_PER_MINUTE, applied to each other page's post as to the form's own. */
  maxUpdatesPerMinute?: number;
}

interface PageRef {
  provider: ProviderId;
  pageId: string;
}

/** A page ticked under "Also publish to", with the incident the form showed for it (null: a form built before it was carried). */
interface TickedPage extends PageRef {
  postId: string | null;
}

/**
 * How long a submit may wait, in all, for the other pages' statuses and current services: they load at once,
 * under this one deadline, so Slack gets its acknowledgement within 3 s however many pages there are.
 */
export const OTHER_PAGES_WAIT_MS = 1000;

export interface LinkedPublishing {
  /** Records the group (when there is one); call before storing the form's own submission. */
  recordGroup(now: Date): Promise<void>;
  /** Stores the other pages' submissions, with the origin of the form's own one. */
  saveOthers(own: Submission, now: Date): Promise<Submission[]>;
  /** Links the channel to the form's incident when "Remember" was ticked; never fails the submit. */
  rememberIfAsked(userId: string, now: Date): Promise<void>;
}

export type LinkedPlan = ({ ok: true } & LinkedPublishing) | { ok: false; errors: Record<string, string> };

export function linkedKey(key: string, page: PageRef): string {
  return `${key}#${page.provider}:${page.pageId}`;
}

export async function planLinkedPublishing(
  deps: LinkedDeps,
  input: { key: string; channelId: string; userId: string; now: Date; draft: UpdateDraft; metadata: FormMetadata; values: ViewStateValues },
): Promise<LinkedPlan> {
  const channels = channelStoreFor(deps.store);
  const own: PageRef = { provider: input.draft.provider, pageId: input.draft.page.id };
  const remember = readRemember(input.values);
  const retried = await retriedGroup(channels, deps.store, input.metadata.submissionId);
  const ticked = readTicked(input.values, input.metadata).filter(
    (page) => !samePage(page, own) && !retried.done.some((done) => samePage(done, page)),
  );

  const targets: ChannelLink[] = [];
  const problems: string[] = [];
  if (ticked.length > 0) {
    const links = await channels.listLinks(input.channelId);
    for (const page of ticked) {
      const link = links.find((candidate) => samePage(pageOf(candidate), page));
      // Linked elsewhere (or unlinked) while the author typed: the incident they ticked is not this one.
      if (link && (page.postId === null || link.post.id === page.postId)) targets.push(link);
      else problems.push(describeChangedLink(page, input.metadata, link));
    }
  }

  const others: { key: string; draft: UpdateDraft; page: PageRef }[] = [];
  if (problems.length === 0 && targets.length > 0) {
    const derived = await withDeadline(OTHER_PAGES_WAIT_MS, (deadline) =>
      Promise.all(targets.map((link) => deriveFor(deps, input.draft, link, deadline))),
    );
    derived.forEach((result, index) => {
      const page = pageOf(targets[index]!);
      if (result.ok) others.push({ key: linkedKey(input.key, page), draft: result.draft, page });
      else problems.push(result.reason);
    });
  }
  if (problems.length > 0) {
    const text = `Nothing was published yet. ${problems.join(' ')}`;
    return { ok: false, errors: { [LINKED_PAGES_BLOCKS.alsoPublish]: text.slice(0, 1900) } };
  }

  // Each other page's incident counts against the limit as the form's own does (checked before this plan).
  const limit = { store: deps.store, logger: deps.logger, limit: deps.maxUpdatesPerMinute };
  for (const other of others) {
    const incident = `“${other.draft.post.title}” on ${other.draft.page.name}`;
    const refusal = await updateRateRefusal(limit, { key: other.key, userId: input.userId, draft: other.draft, incident }, input.now);
    if (refusal)
      return {
        ok: false,
        errors: { [LINKED_PAGES_BLOCKS.alsoPublish]: `${refusal} To publish to the other pages now, untick it.`.slice(0, 1900) },
      };
  }

  const groupKey = retried.groupKey ?? (others.length > 0 ? input.key : null);
  return {
    ok: true,
    async recordGroup(now) {
      if (groupKey === null) return;
      await channels.groups.addMembers(
        [
          { submissionKey: input.key, groupKey, provider: input.draft.provider, pageId: input.draft.page.id, inForm: true },
          ...others.map((other) => ({
            submissionKey: other.key,
            groupKey,
            provider: other.page.provider,
            pageId: other.page.pageId,
            inForm: false,
          })),
        ],
        now,
      );
    },
    async saveOthers(own, now) {
      const saved: Submission[] = [];
      for (const other of others) {
        const { submission } = await deps.store.saveSubmission(
          {
            key: other.key,
            teamId: own.teamId,
            userId: own.userId,
            channelId: own.channelId,
            responseUrl: own.responseUrl,
            viewId: own.viewId,
            draft: other.draft,
          },
          now,
        );
        saved.push(submission);
      }
      return saved;
    },
    async rememberIfAsked(userId, now) {
      if (!remember) return;
      const { provider, page, post } = input.draft;
      try {
        await channels.saveLink({ channelId: input.channelId, provider, page, post, linkedBy: userId, linkedAt: now });
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not remember the incident for the channel');
      }
    },
  };
}

/**
 * The group a retry continues, and the pages it already published or is publishing: those are not sent again,
 * whatever the form says. No group when the form is not a retry, or retries a single-page update.
 */
async function retriedGroup(
  channels: ChannelStore,
  store: Store,
  submissionId: string | null,
): Promise<{ groupKey: string | null; done: PageRef[] }> {
  if (!submissionId) return { groupKey: null, done: [] };
  const retried = await store.getSubmission(submissionId);
  const groupKey = retried ? await channels.groups.groupKeyOf(retried.key) : null;
  if (!groupKey) return { groupKey: null, done: [] };
  const members = await channels.groups.listMembers(groupKey);
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
async function deriveFor(deps: LinkedDeps, draft: UpdateDraft, link: ChannelLink, deadline: Promise<never>) {
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
function describeChangedLink(page: TickedPage, metadata: FormMetadata, now: ChannelLink | undefined): string {
  const shown = metadata.links?.find(
    (link) => link.provider === page.provider && link.pageId === page.pageId && (page.postId === null || link.postId === page.postId),
  );
  const pageName = shown?.pageName ?? now?.page.name ?? 'a ticked page';
  const ticked = shown ? `“${shown.postTitle}” on ${pageName}` : pageName;
  return now
    ? `This channel’s link on ${pageName} changed while you typed: it is now “${now.post.title}”, not ${ticked}. Untick it to publish without it, or copy your text and run /status-update again.`
    : `${ticked} was unlinked from this channel while you typed. Untick it to publish without it, or copy your text and run /status-update again.`;
}

/** The ticked pages, each with the incident it showed: `provider:page|kind:post` (a bare `provider:page` from older forms). */
function readTicked(values: ViewStateValues, metadata: FormMetadata): TickedPage[] {
  const selected = values[LINKED_PAGES_BLOCKS.alsoPublish]?.[LINKED_PAGES_ACTIONS.alsoPublish]?.selected_options ?? [];
  return (Array.isArray(selected) ? selected : []).flatMap((option): TickedPage[] => {
    const value = String(option?.value ?? '');
    const linked = parseLinkOptionValue(value);
    if (linked) return [{ ...linked.page, postId: linked.post.postId }];
    const page = parsePageOptionValue(value);
    if (!page) return [];
    const shown = metadata.links?.find((link) => link.provider === page.provider && link.pageId === page.pageId);
    return [{ ...page, postId: shown?.postId ?? null }];
  });
}

function readRemember(values: ViewStateValues): boolean {
  const selected = values[LINKED_PAGES_BLOCKS.remember]?.[LINKED_PAGES_ACTIONS.remember]?.selected_options ?? [];
  return Array.isArray(selected) && selected.some((option) => option?.value === REMEMBER_OPTION_VALUE);
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
