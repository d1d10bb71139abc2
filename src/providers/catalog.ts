import { LRUCache } from 'lru-cache';
import { canCorrect, type Post, type PostKind, type PostOptions, type Provider, type ProviderId, type StatusPage } from './provider.js';

// What the form offers (pages, open posts, statuses, components) comes from every configured
// provider, briefly cached so the form fills fast and a burst of responders does not hammer the
// status-page APIs. The list* and load* methods answer from the cache while it is fresh (no request),
// and concurrent loads of the same list share one request; peek* never waits.

export interface CatalogPage extends StatusPage {
  /** "PagerDuty": shown next to the page name, so pages of different providers can be told apart. */
  providerName: string;
}

export interface ProviderFailure {
  provider: ProviderId;
  providerName: string;
  error: unknown;
}

export interface PageList {
  pages: CatalogPage[];
  /** Providers whose pages could not be listed; the others' pages are still offered. */
  failures: ProviderFailure[];
}

export interface CatalogOptions {
  /** How long a list is served from memory. */
  ttlMs?: number;
}

type CachedValue = PageList | Post[] | PostOptions;

/** One read from a provider that the form waited on (a cache miss), for the latency metrics. */
export interface CatalogRead {
  provider: ProviderId;
  operation: 'list_pages' | 'list_open_posts' | 'load_post_options' | 'load_open_options';
  outcome: 'ok' | 'error';
  seconds: number;
}

export class ProviderCatalog {
  private readonly providers: Map<ProviderId, Provider>;
  private readonly cache: LRUCache<string, CachedValue, () => Promise<CachedValue>>;
  private observeRead: ((read: CatalogRead) => void) | undefined;
  /** Counts forgetPage calls, so a load aborted by one can tell and load again (see load). */
  private forgets = 0;

  constructor(providers: Provider[], options: CatalogOptions = {}) {
    this.providers = new Map(providers.map((provider) => [provider.id, provider]));
    this.cache = new LRUCache<string, CachedValue, () => Promise<CachedValue>>({
      max: 1000,
      ttl: options.ttlMs ?? 60_000,
      fetchMethod: async (_key, _stale, { context }) => context(),
    });
  }

  /** Reports every provider read from now on (the app's metrics); the catalog is built before the app. */
  timeReadsWith(observe: (read: CatalogRead) => void): void {
    this.observeRead = observe;
  }

  get configured(): Provider[] {
    return [...this.providers.values()];
  }

  /** The provider, or a clear error when a stored or submitted page names one that is not configured. */
  provider(id: ProviderId): Provider {
    const provider = this.providers.get(id);
    if (!provider) throw new Error(`The ${id} status page is not configured in this Herald (its API token is not set).`);
    return provider;
  }

  /** Whether updates published through this provider can be corrected in place; false when it is not configured. */
  offersCorrections(id: ProviderId): boolean {
    const provider = this.providers.get(id);
    return provider !== undefined && canCorrect(provider);
  }

  peekPages(): PageList | undefined {
    return this.cache.get('pages') as PageList | undefined;
  }

  async listPages(): Promise<PageList> {
    return (await this.load('pages', () => this.fetchAllPages())) as PageList;
  }

  peekOpenPosts(provider: ProviderId, pageId: string): Post[] | undefined {
    return this.cache.get(postsKey(provider, pageId)) as Post[] | undefined;
  }

  async listOpenPosts(provider: ProviderId, pageId: string): Promise<Post[]> {
    return (await this.load(postsKey(provider, pageId), () =>
      this.timed(provider, 'list_open_posts', () => this.provider(provider).listOpenPosts(pageId)),
    )) as Post[];
  }

  peekPostOptions(provider: ProviderId, pageId: string, kind: PostKind): PostOptions | undefined {
    return this.cache.get(optionsKey(provider, pageId, kind)) as PostOptions | undefined;
  }

  async loadPostOptions(provider: ProviderId, pageId: string, kind: PostKind): Promise<PostOptions> {
    return (await this.load(optionsKey(provider, pageId, kind), () =>
      this.timed(provider, 'load_post_options', () => this.provider(provider).loadPostOptions(pageId, kind)),
    )) as PostOptions;
  }

  peekOpenOptions(provider: ProviderId, pageId: string, kind: PostKind): PostOptions | undefined {
    return this.cache.get(openOptionsKey(provider, pageId, kind)) as PostOptions | undefined;
  }

  /** What the form offers when opening a post of this kind on this page (Provider.loadOpenOptions). */
  async loadOpenOptions(provider: ProviderId, pageId: string, kind: PostKind): Promise<PostOptions> {
    return (await this.load(openOptionsKey(provider, pageId, kind), () =>
      this.timed(provider, 'load_open_options', () => this.provider(provider).loadOpenOptions(pageId, kind)),
    )) as PostOptions;
  }

  /** After publishing, a page's posts and component states may have changed: load them afresh next time. */
  forgetPage(provider: ProviderId, pageId: string): void {
    this.forgets += 1;
    this.cache.delete(postsKey(provider, pageId));
    this.cache.delete(optionsKey(provider, pageId, 'incident'));
    this.cache.delete(optionsKey(provider, pageId, 'maintenance'));
    this.cache.delete(openOptionsKey(provider, pageId, 'incident'));
    this.cache.delete(openOptionsKey(provider, pageId, 'maintenance'));
  }

  private async load(key: string, fetch: () => Promise<CachedValue>): Promise<CachedValue> {
    // A failed load rejects here, with the provider's error, and is not cached: the next form tries again.
    // forgetPage (after a publish) aborts a load of that page still in flight, whose answer may predate the
    // publish; whoever waited on it gets a fresh load rather than the abort, so no form shows "deleted".
    const forgetsBefore = this.forgets;
    let value: CachedValue | undefined;
    try {
      value = await this.cache.fetch(key, { context: fetch });
    } catch (error) {
      if (this.forgets === forgetsBefore) throw error;
      value = await this.cache.fetch(key, { context: fetch });
    }
    if (value === undefined) throw new Error(`Nothing could be loaded for ${key}`);
    return value;
  }

  private async fetchAllPages(): Promise<PageList> {
    const providers = this.configured;
    const results = await Promise.allSettled(
      providers.map((provider) => this.timed(provider.id, 'list_pages', () => provider.listPages())),
    );
    const pages: CatalogPage[] = [];
    const failures: ProviderFailure[] = [];
    results.forEach((result, index) => {
      const provider = providers[index]!;
      if (result.status === 'fulfilled') {
        pages.push(...result.value.map((page) => ({ ...page, providerName: provider.name })));
      } else {
        failures.push({ provider: provider.id, providerName: provider.name, error: result.reason });
      }
    });
    if (pages.length === 0 && failures.length > 0) {
      // Nothing to offer at all: fail the load (and do not cache), so the next open tries again.
      throw new AggregateError(
        failures.map((failure) => failure.error),
        'No status page could be listed',
      );
    }
    pages.sort((a, b) => a.name.localeCompare(b.name) || a.providerName.localeCompare(b.providerName));
    return { pages, failures };
  }

  private async timed<T>(provider: ProviderId, operation: CatalogRead['operation'], read: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const report = (outcome: CatalogRead['outcome']) => {
      try {
        this.observeRead?.({ provider, operation, outcome, seconds: (performance.now() - started) / 1000 });
      } catch {
        // Counting a read must never change what the form gets.
      }
    };
    try {
      const value = await read();
      report('ok');
      return value;
    } catch (error) {
      report('error');
      throw error;
    }
  }
}

const postsKey = (provider: ProviderId, pageId: string) => `posts:${provider}:${pageId}`;
const optionsKey = (provider: ProviderId, pageId: string, kind: PostKind) => `options:${provider}:${pageId}:${kind}`;
const openOptionsKey = (provider: ProviderId, pageId: string, kind: PostKind) => `open-options:${provider}:${pageId}:${kind}`;
