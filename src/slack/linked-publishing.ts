import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { PostOptions, ProviderId } from '../providers/provider.js';
import { channelStoreFor, type ChannelLink, type ChannelStore } from '../store/channel-store.js';
import type { Store, Submission } from '../store/store.js';
import { deriveLinkedDraft } from '../updates/derive-linked-draft.js';
import type { UpdateDraft } from '../updates/draft.js';
import { LINKED_PAGES_ACTIONS, LINKED_PAGES_BLOCKS, REMEMBER_OPTION_VALUE } from './blocks/update-form-links.js';
import { parsePageOptionValue } from './blocks/form-choices.js';
import type { FormMetadata } from './form-metadata.js';
import type { ViewStateValues } from './view-state.js';

// One submit of the form, published to every page the responder kept ticked under "Also publish to": one
// stored submission per page, tied together in a group (see store/submission-groups.ts). The page in the form
// keeps the submit's own key, so a single-page submit is stored exactly as before; each other page's key adds
// its page, so a replayed submit finds every one of them again instead of publishing twice. A retry ("Edit
// and retry") joins the group of the submission it retries and skips the pages that group already published.

interface LinkedDeps {
  store: Store;
  catalog: ProviderCatalog;
  logger: Logger;
}

interface PageRef {
  provider: ProviderId;
  pageId: string;
}

/** How long a submit may wait for another page's statuses (Slack wants the acknowledgement within 3 s). */
const OPTIONS_WAIT_MS = 1200;

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
  input: { key: string; channelId: string; draft: UpdateDraft; metadata: FormMetadata; values: ViewStateValues },
): Promise<LinkedPlan> {
  const channels = channelStoreFor(deps.store);
  const ticked = readTicked(input.values);
  const remember = readRemember(input.values);
  const retried = await retriedGroup(channels, deps.store, input.metadata.submissionId);

  let targets: ChannelLink[] = [];
  if (ticked.length > 0) {
    const links = await channels.listLinks(input.channelId);
    const own: PageRef = { provider: input.draft.provider, pageId: input.draft.page.id };
    targets = links.filter(
      (link) =>
        !samePage(pageOf(link), own) &&
        ticked.some((page) => samePage(page, pageOf(link))) &&
        !retried.done.some((page) => samePage(page, pageOf(link))),
    );
  }

  const others: { key: string; draft: UpdateDraft; page: PageRef }[] = [];
  const problems: string[] = [];
  for (const link of targets) {
    const derived = await deriveFor(deps, channels, input.draft, link);
    if (derived.ok) others.push({ key: linkedKey(input.key, pageOf(link)), draft: derived.draft, page: pageOf(link) });
    else problems.push(derived.reason);
  }
  if (problems.length > 0) {
    const text = `Nothing was published yet. ${problems.join(' ')}`;
    return { ok: false, errors: { [LINKED_PAGES_BLOCKS.alsoPublish]: text.slice(0, 1900) } };
  }

  const groupKey = retried.groupKey ?? (others.length > 0 ? input.key : null);
  return {
    ok: true,
    async recordGroup(now) {
      if (groupKey === null) return;
      await channels.groups.addMembers(
        [
          { submissionKey: input.key, groupKey, provider: input.draft.provider, pageId: input.draft.page.id, inForm: true },
          ...others.map((other) => ({ submissionKey: other.key, groupKey, provider: other.page.provider, pageId: other.page.pageId, inForm: false })),
        ],
        now,
      );
    },
    async saveOthers(own, now) {
      const saved: Submission[] = [];
      for (const other of others) {
        const { submission } = await deps.store.saveSubmission(
          { key: other.key, teamId: own.teamId, userId: own.userId, channelId: own.channelId, responseUrl: own.responseUrl, viewId: own.viewId, draft: other.draft },
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
async function retriedGroup(channels: ChannelStore, store: Store, submissionId: string | null): Promise<{ groupKey: string | null; done: PageRef[] }> {
  if (!submissionId) return { groupKey: null, done: [] };
  const retried = await store.getSubmission(submissionId);
  const groupKey = retried ? await channels.groups.groupKeyOf(retried.key) : null;
  if (!groupKey) return { groupKey: null, done: [] };
  const members = await channels.groups.listMembers(groupKey);
  const done = members
    .filter((member) => member.submission === null || member.submission.state !== 'failed')
    .map((member) => ({ provider: member.provider, pageId: member.pageId }));
  return { groupKey, done };
}

async function deriveFor(deps: LinkedDeps, channels: ChannelStore, draft: UpdateDraft, link: ChannelLink) {
  const where = `${link.post.title} on ${link.page.name}`;
  let options: PostOptions;
  let capabilities;
  try {
    capabilities = deps.catalog.provider(link.provider).capabilities;
    options = deps.catalog.peekPostOptions(link.provider, link.page.id, link.post.kind) ?? (await withTimeout(deps.catalog.loadPostOptions(link.provider, link.page.id, link.post.kind), OPTIONS_WAIT_MS));
  } catch (error) {
    deps.logger.warn({ err: error, provider: link.provider }, 'could not load a linked page to publish to');
    return { ok: false as const, reason: `Herald couldn't load the statuses of ${where}: submit again in a moment, or untick it.` };
  }
  const last = await channels.latestPublished(link.provider, link.page.id, link.post.id).catch(() => null);
  return deriveLinkedDraft(draft, { provider: link.provider, page: link.page, post: link.post }, options, capabilities, last?.draft ?? null);
}

function readTicked(values: ViewStateValues): PageRef[] {
  const selected = values[LINKED_PAGES_BLOCKS.alsoPublish]?.[LINKED_PAGES_ACTIONS.alsoPublish]?.selected_options ?? [];
  return (Array.isArray(selected) ? selected : [])
    .map((option) => parsePageOptionValue(String(option?.value ?? '')))
    .filter((page): page is PageRef => page !== null);
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
