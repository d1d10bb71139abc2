import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import type { UpdateDraft } from '../../updates/draft.js';
import { buildUpdateForm, type Loadable, type UpdateFormState } from './blocks/update-form.js';
import type { FormMetadata } from './form-metadata.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import { loadFormOptions, optionsTarget, peekFormOptions } from './form-options.js';
import type { PostKind } from '../../providers/provider.js';

// The form opens at once with whatever is already cached (Slack's trigger_id lives 3 seconds and a
// slow status page must never cost a responder their form), then fills in as lists arrive.

/**
 * The form as far as the cache can fill it right now, without waiting on any provider. A lone page or
 * lone open post is chosen for the user, so a warm cache opens the form ready to fill in, in one Slack call.
 */
export function formStateFromCache(
  catalog: ProviderCatalog,
  metadata: FormMetadata,
  initial: UpdateDraft | null = null,
  notice: string | null = null,
): UpdateFormState {
  const pages = catalog.peekPages();
  const page = metadata.page;
  // Opening a post: there is no post to choose, so no list of them.
  const posts = page && !metadata.opening ? catalog.peekOpenPosts(page.provider, page.id) : undefined;
  const options = peekFormOptions(catalog, metadata);
  return chooseLoneChoices(catalog, {
    metadata,
    pages: pages ? ready(pages.pages) : { status: 'loading' },
    posts: page && !metadata.opening ? (posts ? ready(posts) : { status: 'loading' }) : null,
    options: optionsTarget(metadata) ? (options ? ready(options) : { status: 'loading' }) : null,
    initial,
    notice,
  });
}

/**
 * Loads whatever the form still lacks: pages, then the chosen page's open posts, then the chosen
 * post's statuses and components (or, opening a post, those of its kind). A single page or a single open
 * post is chosen for the user.
 */
export async function completeFormState(catalog: ProviderCatalog, state: UpdateFormState): Promise<UpdateFormState> {
  let next = state;
  if (next.pages.status === 'loading') {
    next = chooseLoneChoices(catalog, { ...next, pages: await settle(async () => (await catalog.listPages()).pages) });
  }
  const page = next.metadata.page;
  if (page && next.posts?.status === 'loading') {
    next = chooseLoneChoices(catalog, { ...next, posts: await settle(() => catalog.listOpenPosts(page.provider, page.id)) });
  }
  if (optionsTarget(next.metadata) && next.options?.status === 'loading') {
    const metadata = next.metadata;
    next = { ...next, options: await settle(() => loadFormOptions(catalog, metadata)) };
  }
  return next;
}

/** Chooses the page when there is only one, and the post when the page has only one open. */
function chooseLoneChoices(catalog: ProviderCatalog, state: UpdateFormState): UpdateFormState {
  const { metadata, pages, posts } = state;
  if (!metadata.page && pages.status === 'ready' && pages.value.length === 1) return choosePage(catalog, state, pages.value[0]!);
  if (metadata.page && !metadata.post && !metadata.opening && posts?.status === 'ready' && posts.value.length === 1) {
    return formStateFromCache(catalog, { ...metadata, post: posts.value[0]!, components: [] }, state.initial, state.notice);
  }
  return state;
}

/** The form after the user picked a page: its posts and options still to load. */
export function choosePage(catalog: ProviderCatalog, state: UpdateFormState, page: NonNullable<FormMetadata['page']>): UpdateFormState {
  const provider = catalog.provider(page.provider);
  const { opening } = state.metadata;
  const metadata: FormMetadata = {
    ...state.metadata,
    page: { provider: page.provider, id: page.id, name: page.name, url: page.url },
    post: null,
    components: [],
    capabilities: provider.capabilities,
    ...(opening ? { opening: { kind: opening.kind, capabilities: provider.opening } } : {}),
  };
  return formStateFromCache(catalog, metadata, state.initial, state.notice);
}

/** The form turned to opening a post of `kind` (or back to updating one, with null), keeping the page chosen. */
export function chooseOpening(catalog: ProviderCatalog, state: UpdateFormState, kind: PostKind | null): UpdateFormState {
  const { page } = state.metadata;
  const capabilities = page ? catalog.provider(page.provider).opening : null;
  const metadata: FormMetadata = {
    ...state.metadata,
    post: null,
    components: [],
    opening: kind === null ? null : { kind, capabilities },
  };
  return formStateFromCache(catalog, metadata, state.initial, state.notice);
}

/**
 * Shows the state in an open modal. `hash` guards against overwriting a newer view: when the user has
 * changed the modal meanwhile, Slack answers hash_conflict and their newer action brings its own update.
 */
export async function showForm(
  client: WebClient,
  logger: Logger,
  view: { id: string; hash?: string | undefined },
  state: UpdateFormState,
): Promise<string | undefined> {
  try {
    const updated = await client.views.update({
      view_id: view.id,
      ...(view.hash ? { hash: view.hash } : {}),
      view: buildUpdateForm(state),
    });
    return updated.view?.hash;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'hash_conflict' || code === 'not_found') {
      logger.debug({ code }, 'form changed or closed meanwhile; update skipped');
      return undefined;
    }
    throw error;
  }
}

/**
 * Shows the form and fills in what it still lacks. `alreadyShown`: the modal shows `state` already
 * (it was just opened with it); otherwise it is shown first, so the user sees their pick take effect
 * while the lists load.
 */
export async function showAndFillForm(
  deps: { client: WebClient; catalog: ProviderCatalog; logger: Logger },
  view: { id: string; hash?: string | undefined },
  state: UpdateFormState,
  { alreadyShown }: { alreadyShown: boolean },
): Promise<void> {
  let hash = view.hash;
  if (!alreadyShown) {
    hash = await showForm(deps.client, deps.logger, view, state);
    if (hash === undefined) return;
  }
  const completed = await completeFormState(deps.catalog, state);
  // The same object when nothing was left to load: the common case, told apart without serialising the form twice.
  if (completed === state || JSON.stringify(completed) === JSON.stringify(state)) return;
  await showForm(deps.client, deps.logger, { id: view.id, hash }, completed);
}

function ready<T>(value: T): Loadable<T> {
  return { status: 'ready', value };
}

async function settle<T>(load: () => Promise<T>): Promise<Loadable<T>> {
  try {
    return ready(await load());
  } catch (error) {
    return { status: 'error', message: describeLoadError(error) };
  }
}

function describeLoadError(error: unknown): string {
  const providerMessage = (error as { providerMessage?: unknown }).providerMessage;
  const base = error instanceof Error ? error.message : 'unknown error';
  return typeof providerMessage === 'string' && providerMessage ? `${base}: ${providerMessage}` : base;
}
