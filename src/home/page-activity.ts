import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { ProviderId } from '../providers/provider.js';

// An incident's latest public update as its page's timeline shows it, for the providers whose list of open
// incidents does not say (PagerDuty's posts carry no update times): when it was posted, and the next-update
// interval it set (PagerDuty's update_frequency_ms). Briefly cached, like the catalog's lists, so building the
// Home tab does not read every timeline each time; concurrent reads of one timeline share one request, and a
// failed read is not kept.

export interface PageUpdate {
  at: Date;
  nextUpdateMs: number | null;
}

export interface PageActivity {
  /** The latest entry of the incident's timeline; null when it has none with a time. Rejects when it cannot be read. */
  latest(provider: ProviderId, pageId: string, postId: string): Promise<PageUpdate | null>;
}

type Cached = { update: PageUpdate | null };

export function createPageActivity(catalog: ProviderCatalog, logger: Logger, ttlMs = 60_000): PageActivity {
  const cache = new LRUCache<string, Cached, () => Promise<Cached>>({
    max: 1000,
    ttl: ttlMs,
    fetchMethod: async (_key, _stale, { context }) => context(),
  });
  return {
    async latest(provider, pageId, postId) {
      const read = async (): Promise<Cached> => {
        const entries = await catalog.provider(provider).listTimeline(pageId, postId);
        const newest = entries.find((entry) => entry.reportedAt !== null && !Number.isNaN(Date.parse(entry.reportedAt)));
        return { update: newest ? { at: new Date(newest.reportedAt!), nextUpdateMs: newest.nextUpdateMs ?? null } : null };
      };
      try {
        const cached = await cache.fetch(`${provider}\n${pageId}\n${postId}`, { context: read });
        return cached?.update ?? null;
      } catch (error) {
        logger.debug({ err: error, provider }, "the Home tab could not read an incident's timeline");
        throw error;
      }
    },
  };
}
