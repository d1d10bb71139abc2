import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import type { PostOptions } from '../../providers/provider.js';
import type { UpdateDraft } from '../../updates/draft.js';

// The page's components as they stand after an update, for the echo to list the services the page shows
// affected (see summary/components-as-shown.ts). Only asked of providers that keep a component's status until
// an update changes it; the publisher forgets the page's cached state once it publishes, so this is a fresh
// read. The echo waits for it a short while at most: a slow or failing page costs the echo only the services
// the update did not change, never the echo itself.

/** How long the echo waits for the page before it goes out with what the update set. */
export const PAGE_READ_WAIT_MS = 3000;

export type PageCatalog = Pick<ProviderCatalog, 'provider' | 'loadPostOptions'>;

export async function readPageAfterUpdate(
  catalog: PageCatalog,
  draft: UpdateDraft,
  logger: Logger,
  waitMs = PAGE_READ_WAIT_MS,
): Promise<PostOptions | undefined> {
  try {
    if (catalog.provider(draft.provider).capabilities.componentsKeepUnlessChanged !== true) return undefined;
  } catch {
    return undefined; // no longer configured: the update's own list is all there is
  }
  let timer: NodeJS.Timeout | undefined;
  const read = catalog.loadPostOptions(draft.provider, draft.page.id, draft.post.kind).catch((error: unknown) => {
    logger.info({ err: error, provider: draft.provider }, 'could not read the page’s components for the echo');
    return undefined;
  });
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), waitMs);
    timer.unref();
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}
