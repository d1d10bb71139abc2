import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import { channelStoreFor } from '../../store/channel-store.js';
import type { Store } from '../../store/store.js';
import type { FormMetadata } from './form-metadata.js';
import type { ChannelLink } from '../../updates/channel-link.js';

// The channel's links as the form carries them (FormMetadata.links), for "Also publish to" and "Remember this
// incident". A retry leaves out the pages its group already published: they are not offered again.

export async function formLinks(
  deps: { store: Store; catalog: ProviderCatalog; logger: Logger },
  channelId: string,
  retriedSubmissionId: string | null = null,
): Promise<FormMetadata['links']> {
  try {
    const channels = channelStoreFor(deps.store);
    let links = await channels.listLinks(channelId);
    if (retriedSubmissionId) {
      const retried = await deps.store.getSubmission(retriedSubmissionId);
      const groupKey = retried ? await channels.groups.groupKeyOf(retried.key) : null;
      const members = groupKey ? await channels.groups.listMembers(groupKey) : [];
      // Only pages with a stored submission were sent (a group row is written before its submission).
      const done = members.filter((member) => member.submission !== null && member.submission.state !== 'failed');
      links = links.filter((link) => !done.some((member) => member.provider === link.provider && member.pageId === link.page.id));
    }
    return formLinksOf(deps.catalog, links);
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
