import type { Logger } from '../observability/logger.js';
import type { CatalogPage, PageList, ProviderCatalog } from '../providers/catalog.js';
import type { Post } from '../providers/provider.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { ChannelLink } from '../updates/channel-link.js';
import type { HomeItem, HomeOverview, Unreadable } from './home-overview.js';
import type { PageActivity, PageUpdate } from './page-activity.js';
import { byStart, byUrgency, judgeUrgency } from './urgency.js';

// The Home tab's overview for one person: every open incident and maintenance on the configured pages, from
// the catalog's cache where it is warm, never waiting on the providers for more than `budgetMs` in all. A page
// that does not answer in time is named in the overview; its load goes on, and fills the cache for the next
// time the tab is built.

export interface GatherHomeDeps {
  catalog: ProviderCatalog;
  channels: ChannelStore;
  logger: Logger;
  clock: () => Date;
  /** HERALD_OVERDUE_MINUTES. */
  overdueMinutes: number;
  /** The most the providers are waited on, all reads together. Default 1.5 s. */
  budgetMs?: number;
  /** Timelines, for the incidents whose list entry does not say when the page last updated them; unset: not read. */
  pageActivity?: PageActivity;
}

const OUT_OF_TIME = Symbol('out of time');

export async function gatherHome(deps: GatherHomeDeps): Promise<HomeOverview> {
  const { catalog } = deps;
  const deadline = performance.now() + (deps.budgetMs ?? 1_500);
  const providerNames = catalog.configured.map((provider) => provider.name);
  const unreadable: Unreadable[] = [];

  const pages = await withinDeadline(catalog.peekPages() ?? catalog.listPages(), deadline).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'the Home tab could not list the status pages');
    return error as unknown;
  });
  if (!isPageList(pages)) {
    const reason = pages === OUT_OF_TIME ? 'timeout' : 'error';
    for (const name of providerNames) unreadable.push({ providerName: name, pageName: null, reason });
    return { open: [], upcoming: [], unreadable, providerNames };
  }
  for (const failure of pages.failures) unreadable.push({ providerName: failure.providerName, pageName: null, reason: 'error' });

  const [postsByPage, links] = await Promise.all([
    Promise.all(pages.pages.map((page) => openPostsOf(deps, page, deadline))),
    deps.channels.listActiveLinks().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'the Home tab could not read the linked channels');
      return [] as ChannelLink[];
    }),
  ]);
  const channelsOf = linkedChannels(links);
  const now = deps.clock();
  const items: HomeItem[] = [];
  await Promise.all(
    pages.pages.map(async (page, index) => {
      const posts = postsByPage[index]!;
      if (!Array.isArray(posts)) {
        unreadable.push({ providerName: page.providerName, pageName: page.name, reason: posts });
        return;
      }
      items.push(...(await Promise.all(posts.map((post) => homeItem(deps, page, post, channelsOf, now, deadline)))));
    }),
  );
  const upcoming = items.filter((item) => item.startsAt !== null).sort(byStart);
  const open = items.filter((item) => item.startsAt === null).sort(byUrgency);
  unreadable.sort((a, b) => a.providerName.localeCompare(b.providerName) || (a.pageName ?? '').localeCompare(b.pageName ?? ''));
  return { open, upcoming, unreadable, providerNames };
}

async function openPostsOf(deps: GatherHomeDeps, page: CatalogPage, deadline: number): Promise<Post[] | Unreadable['reason']> {
  const cached = deps.catalog.peekOpenPosts(page.provider, page.id);
  if (cached) return cached;
  try {
    const posts = await withinDeadline(deps.catalog.listOpenPosts(page.provider, page.id), deadline);
    return posts === OUT_OF_TIME ? 'timeout' : posts;
  } catch (error) {
    deps.logger.warn({ err: error, provider: page.provider }, 'the Home tab could not list the open incidents of a page');
    return 'error';
  }
}

async function homeItem(
  deps: GatherHomeDeps,
  page: CatalogPage,
  post: Post,
  channelsOf: (key: string) => string[],
  now: Date,
  deadline: number,
): Promise<HomeItem> {
  const [herald, pageUpdate] = await Promise.all([
    deps.channels.latestPublished(page.provider, page.id, post.id).catch((error: unknown) => {
      deps.logger.warn({ err: error }, "the Home tab could not read an incident's last update");
      return null;
    }),
    pageUpdateOf(deps, page, post, deadline),
  ]);
  const startsAt = dateOrNull(post.startsAt);
  const upcoming = post.kind === 'maintenance' && startsAt !== null && startsAt.getTime() > now.getTime();
  const urgency = upcoming
    ? { lastUpdate: null, nextDueAt: null, overdue: false }
    : judgeUrgency(
        {
          herald: herald?.publishedAt ? { at: herald.publishedAt, nextUpdateMinutes: herald.draft.nextUpdateMinutes } : null,
          page: pageUpdate,
        },
        now,
        deps.overdueMinutes,
      );
  const heraldIsLatest = herald !== null && urgency.lastUpdate?.by === 'herald';
  return {
    provider: page.provider,
    providerName: page.providerName,
    page: { id: page.id, name: page.name, url: page.url },
    post: { id: post.id, title: post.title, kind: post.kind, url: post.url },
    status: (heraldIsLatest ? herald.draft.status.label : null) ?? post.statusLabel ?? herald?.draft.status.label ?? null,
    channelIds: channelsOf(postKey(page.provider, page.id, post.id)),
    ...urgency,
    startsAt: upcoming ? startsAt : null,
  };
}

/**
 * The page's own latest update: from the list entry where it says, else from the timeline (PagerDuty), within
 * the deadline; what is not read in time is left out (the read goes on, and is cached for the next build).
 */
async function pageUpdateOf(deps: GatherHomeDeps, page: CatalogPage, post: Post, deadline: number): Promise<PageUpdate | null> {
  if (post.updatedAt !== undefined) {
    const at = dateOrNull(post.updatedAt);
    return at ? { at, nextUpdateMs: null } : null;
  }
  if (!deps.pageActivity) return null;
  const read = await withinDeadline(deps.pageActivity.latest(page.provider, page.id, post.id), deadline).catch(() => null);
  return read === OUT_OF_TIME ? null : read;
}

function linkedChannels(links: readonly ChannelLink[]): (key: string) => string[] {
  const byPost = new Map<string, string[]>();
  for (const link of links) {
    const key = postKey(link.provider, link.page.id, link.post.id);
    byPost.set(key, [...(byPost.get(key) ?? []), link.channelId]);
  }
  return (key) => byPost.get(key) ?? [];
}

const postKey = (provider: string, pageId: string, postId: string) => `${provider}\n${pageId}\n${postId}`;

function dateOrNull(text: string | null | undefined): Date | null {
  if (!text) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

function isPageList(value: unknown): value is PageList {
  return typeof value === 'object' && value !== null && Array.isArray((value as PageList).pages);
}

/** The work's answer, or OUT_OF_TIME once the deadline passes (the work goes on, and fills the cache). */
function withinDeadline<T>(work: T | Promise<T>, deadline: number): Promise<T | typeof OUT_OF_TIME> {
  if (!(work instanceof Promise)) return Promise.resolve(work);
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<typeof OUT_OF_TIME>((resolve) => {
    timer = setTimeout(() => resolve(OUT_OF_TIME), Math.max(0, deadline - performance.now()));
  });
  work.catch(() => undefined);
  return Promise.race([work, outOfTime]).finally(() => clearTimeout(timer));
}
