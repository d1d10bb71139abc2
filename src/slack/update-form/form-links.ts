import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import type { Stores } from '../../store/stores.js';
import { pagesDoneBefore } from '../../submitting/linked-publishing.js';
import type { FormMetadata } from './form-metadata.js';
import type { ChannelLink } from '../../updates/channel-link.js';

// The channel's links as the form carries them (FormMetadata.links), for "Also publish to" and "Remember this
// incident". A retry leaves out the pages its group already published: they are not offered again.

export async function formLinks(
  deps: { stores: Pick<Stores, 'submissions' | 'groups' | 'channels'>; catalog: ProviderCatalog; logger: Logger },
  channelId: string,
  retriedSubmissionId: string | null = null,
): Promise<FormMetadata['links']> {
  try {
    const links = await deps.stores.channels.listLinks(channelId);
    const done = await pagesDoneBefore(deps.stores, retriedSubmissionId);
    const notDone = links.filter((link) => !done.some((page) => page.provider === link.provider && page.pageId === link.page.id));
    return formLinksOf(deps.catalog, notDone);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the channel links for the form');
    return undefined;
  }
}

/** Links already read, as the form carries them. */
export function formLinksOf(catalog: ProviderCatalog, links: readonly ChannelLink[]): NonNullable<FormMetadata['links']> {
  // Warm the cache with the other pages' statuses, so the submit need not wait on their providers.
  for (const link of links) {
    catalog.loadPostOptions(link.provider, link.page.id, link.post.kind).catch(() => undefined);
  }
  return links.map((link) => ({
    provider: link.provider,
    pageId: link.page.id,
    pageName: link.page.name,
    postId: link.post.id,
    postKind: link.post.kind,
    postTitle: link.post.title,
  }));
}
