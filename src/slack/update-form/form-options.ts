import type { ProviderCatalog } from '../../providers/catalog.js';
import type { PostKind, PostOptions } from '../../providers/provider.js';
import type { FormMetadata } from './form-metadata.js';

// The statuses, severities and components the form offers are those of what it is about: the post chosen to
// update, or the kind of post being opened (a new incident's statuses are not an open maintenance's).

/** What the form's options are for; null until a page and a post (or, when opening, a page) are chosen. */
export interface OptionsTarget {
  kind: PostKind;
  opening: boolean;
}

export function optionsTarget(metadata: FormMetadata): OptionsTarget | null {
  if (!metadata.page) return null;
  if (metadata.opening) return { kind: metadata.opening.kind, opening: true };
  return metadata.post ? { kind: metadata.post.kind, opening: false } : null;
}

/** The options as far as the cache has them; undefined when they must be loaded. */
export function peekFormOptions(catalog: ProviderCatalog, metadata: FormMetadata): PostOptions | undefined {
  const target = optionsTarget(metadata);
  const page = metadata.page;
  if (!target || !page) return undefined;
  return target.opening
    ? catalog.peekOpenOptions(page.provider, page.id, target.kind)
    : catalog.peekPostOptions(page.provider, page.id, target.kind);
}

/** The options, loaded when the cache lacks them. Throws what the provider throws; call only with a target. */
export async function loadFormOptions(catalog: ProviderCatalog, metadata: FormMetadata): Promise<PostOptions> {
  const target = optionsTarget(metadata);
  const page = metadata.page;
  if (!target || !page) throw new Error('The form has nothing chosen to load statuses for');
  return target.opening
    ? catalog.loadOpenOptions(page.provider, page.id, target.kind)
    : catalog.loadPostOptions(page.provider, page.id, target.kind);
}
