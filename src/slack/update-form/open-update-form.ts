import type { WebClient } from '@slack/web-api';
import { buildUpdateForm, type FormFill } from './blocks/update-form.js';
import { newFormMetadata, type FormMetadata } from './form-metadata.js';
import type { ListenerDeps } from '../listeners/listener-deps.js';
import { choosePage, chooseOpening, showAndFillForm, formStateFromCache } from './update-form-flow.js';
import type { PostKind } from '../../providers/provider.js';
import { formLinks, formLinksOf } from './form-links.js';
import { fillLinkedForm, type HeraldLastUpdate } from './prefill-from-page.js';
import type { Submission } from '../../updates/submission.js';
import { MESSAGE_MAX_LENGTH } from '../../updates/draft.js';
import type { ChannelLink } from '../../updates/channel-link.js';

// Opening the update form, for a channel that may be linked to an incident: the slash command and the
// reminder's "Post update" button both come through here.

export interface FormOrigin {
  channelId: string;
  teamId: string | null;
  responseUrl: string | null;
}

/** The incident a form opens on: a channel's link, or the post a reminder is about. */
export type FormTarget = Pick<ChannelLink, 'provider' | 'page' | 'post'>;

/** What a form opens on, with whatever the caller has read already, so that nothing is read twice. */
export interface FormOpening {
  target: FormTarget | null;
  /** The channel's links, when read already; otherwise they are read here. */
  links?: readonly ChannelLink[];
  /** The target's latest update published through Herald (null: none), when read already. */
  lastPublished?: Submission | null;
  /** Open a new post of this kind instead of updating one (on the target's page, when there is a target). */
  newPost?: PostKind;
  /** Text the message starts with ("Draft status update" on a message), already in the form typed text takes. */
  draftMessage?: string;
}

const DRAFT_TOO_LONG = `The message is longer than the ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters an update takes: only its beginning is in the form.`;

/** Opens the form (throws what views.open throws), chosen on the opening's target when it has one, then fills it in. */
export async function openUpdateForm(
  deps: ListenerDeps,
  client: WebClient,
  triggerId: string,
  origin: FormOrigin,
  { target, links, lastPublished, newPost, draftMessage }: FormOpening,
): Promise<void> {
  const fill = draftMessage ? { message: draftMessage } : null;
  const notice = draftMessage && draftMessage.length > MESSAGE_MAX_LENGTH ? DRAFT_TOO_LONG : null;
  if (newPost) return openNewPostForm(deps, client, triggerId, origin, newPost, target, fill, notice);
  // The channel's links: "Also publish to" the other linked pages, or "Remember this incident".
  let metadata: FormMetadata = {
    ...newFormMetadata(origin),
    links: links ? formLinksOf(deps.catalog, links) : await formLinks(deps, origin.channelId),
  };
  let herald: HeraldLastUpdate | null = null;
  if (target) {
    metadata = targetMetadata(deps, metadata, target);
    herald = lastPublished === undefined ? await lastUpdateFor(deps, target) : heraldLastUpdate(lastPublished);
    if (herald) metadata = { ...metadata, hasLastUpdate: true };
  }
  // Nothing between the command and views.open waits on a status page: only the cache and the store are read.
  // A drafted message goes in the message box; the rest still starts from the last update.
  const draft = herald && fill ? { ...herald.draft, message: fill.message } : (herald?.draft ?? null);
  const state = { ...formStateFromCache(deps.catalog, metadata, draft, notice), fill };
  const opened = await client.views.open({ trigger_id: triggerId, view: buildUpdateForm(state) });
  if (opened.view?.id) {
    const fill = { client, catalog: deps.catalog, logger: deps.logger };
    const view = { id: opened.view.id, hash: opened.view.hash };
    // On an incident, the page itself may have news since Herald's last update (see prefill-from-page.ts).
    if (target) await fillLinkedForm(fill, view, state, target, herald);
    else await showAndFillForm(fill, view, state, { alreadyShown: true });
  }
}

/** The form turned to opening a post, on the page of the channel's link when it has one: nothing waits on a provider. */
async function openNewPostForm(
  deps: ListenerDeps,
  client: WebClient,
  triggerId: string,
  origin: FormOrigin,
  kind: PostKind,
  target: FormTarget | null,
  fill: FormFill | null,
  notice: string | null,
): Promise<void> {
  const { catalog } = deps;
  let state = chooseOpening(catalog, formStateFromCache(catalog, newFormMetadata(origin), null, notice), kind);
  if (target && catalog.configured.some((provider) => provider.id === target.provider)) {
    state = choosePage(catalog, state, { provider: target.provider, ...target.page });
  }
  state = { ...state, fill };
  const opened = await client.views.open({ trigger_id: triggerId, view: buildUpdateForm(state) });
  if (opened.view?.id) {
    const fill = { client, catalog, logger: deps.logger };
    await showAndFillForm(fill, { id: opened.view.id, hash: opened.view.hash }, state, { alreadyShown: true });
  }
}

function targetMetadata(deps: ListenerDeps, metadata: FormMetadata, target: FormTarget): FormMetadata {
  return {
    ...metadata,
    page: { provider: target.provider, id: target.page.id, name: target.page.name, url: target.page.url },
    post: target.post,
    capabilities: deps.catalog.provider(target.provider).capabilities,
  };
}

/**
 * The incident's last update published through Herald, with the message emptied: the form then starts at
 * the current status, severity and component states instead of the defaults. Null when Herald never
 * published to it (the provider's own component states still fill in, see Component.currentImpactId).
 */
async function lastUpdateFor(deps: ListenerDeps, target: FormTarget): Promise<HeraldLastUpdate | null> {
  try {
    return heraldLastUpdate(await deps.stores.channels.latestPublished(target.provider, target.page.id, target.post.id));
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the last update to prefill the form');
    return null;
  }
}

function heraldLastUpdate(last: Submission | null): HeraldLastUpdate | null {
  return last ? { draft: { ...last.draft, message: '', reportedAt: null }, entryId: last.entryId } : null;
}

/**
 * What `/status-update` opens the form on: the channel's links, read once, and the link it opens on, or none
 * when the channel has none or the store cannot say (the form then opens unchosen). With several pages linked:
 * the incident Herald last sent an update to (see linkToOpenOn).
 */
export async function channelFormOpening(deps: ListenerDeps, channelId: string): Promise<FormOpening> {
  try {
    const channels = deps.stores.channels;
    const links = await channels.listLinks(channelId);
    const usable = configuredOnly(deps, links);
    if (usable.length < 2) return { target: usable[0] ?? null, links };
    const last = await Promise.all(usable.map((link) => channels.latestPublished(link.provider, link.page.id, link.post.id)));
    const chosen = linkToOpenOn(
      usable.map((link, index) => ({ link, lastPublished: last[index] ?? null })),
      last.map((submission) => submission?.createdAt ?? null),
    );
    return chosen ? { target: chosen.link, links, lastPublished: chosen.lastPublished } : { target: null, links };
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the channel link');
    return { target: null };
  }
}

/** The channel's links, oldest first, leaving out those to a provider this Herald no longer has configured. */
export async function usableLinks(deps: ListenerDeps, channelId: string): Promise<ChannelLink[]> {
  return configuredOnly(deps, await deps.stores.channels.listLinks(channelId));
}

function configuredOnly(deps: ListenerDeps, links: readonly ChannelLink[]): ChannelLink[] {
  const configured = new Set(deps.catalog.configured.map((provider) => provider.id));
  return links.filter((link) => configured.has(link.provider));
}

/**
 * Of a channel's links (oldest first), the one whose incident Herald last sent an update to, by when that
 * update was submitted: what the responder was just working on. An update that went to several linked pages
 * at once leaves them tied, and a tie, or no update through Herald at all, goes to the first linked.
 */
export function linkToOpenOn<T>(links: readonly T[], lastSubmittedAt: readonly (Date | null)[]): T | null {
  let chosen: { link: T; at: number } | null = null;
  links.forEach((link, index) => {
    const at = lastSubmittedAt[index]?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (chosen === null || at > chosen.at) chosen = { link, at };
  });
  return (chosen as { link: T } | null)?.link ?? null;
}
