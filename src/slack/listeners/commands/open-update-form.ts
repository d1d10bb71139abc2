import type { WebClient } from '@slack/web-api';
import { buildUpdateForm } from '../../blocks/update-form.js';
import { newFormMetadata, type FormMetadata } from '../../form-metadata.js';
import type { ListenerDeps } from '../../listener-deps.js';
import { showAndFillForm, formStateFromCache } from '../../update-form-flow.js';
import type { ChannelLink } from '../../../store/channel-store.js';
import { channelStoreFor } from '../../../store/channel-store.js';
import type { UpdateDraft } from '../../../updates/draft.js';

// Opening the update form, for a channel that may be linked to an incident: the slash command and the
// reminder's "Post update" button both come through here.

export interface FormOrigin {
  channelId: string;
  teamId: string | null;
  responseUrl: string | null;
}

/** The incident a form opens on: a channel's link, or the post a reminder is about. */
export type FormTarget = Pick<ChannelLink, 'provider' | 'page' | 'post'>;

/** Opens the form (throws what views.open throws), chosen on `target` when given, then fills it in. */
export async function openUpdateForm(
  deps: ListenerDeps,
  client: WebClient,
  triggerId: string,
  origin: FormOrigin,
  target: FormTarget | null,
): Promise<void> {
  let metadata = newFormMetadata(origin);
  let initial: UpdateDraft | null = null;
  if (target) {
    metadata = targetMetadata(deps, metadata, target);
    initial = await lastDraftFor(deps, target);
  }
  // Nothing between the command and views.open waits on a status page: only the cache and the store are read.
  const state = formStateFromCache(deps.catalog, metadata, initial);
  const opened = await client.views.open({ trigger_id: triggerId, view: buildUpdateForm(state) });
  if (opened.view?.id) {
    await showAndFillForm({ client, catalog: deps.catalog, logger: deps.logger }, { id: opened.view.id, hash: opened.view.hash }, state, { alreadyShown: true });
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
async function lastDraftFor(deps: ListenerDeps, target: FormTarget): Promise<UpdateDraft | null> {
  try {
    const last = await channelStoreFor(deps.store).latestPublished(target.provider, target.page.id, target.post.id);
    return last ? { ...last.draft, message: '', reportedAt: null } : null;
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the last update to prefill the form');
    return null;
  }
}

/** The channel's link, or null when it has none or the store cannot say (the form then opens unchosen). */
export async function channelLinkOrNull(deps: ListenerDeps, channelId: string): Promise<ChannelLink | null> {
  try {
    const link = await channelStoreFor(deps.store).getLink(channelId);
    // A link to a provider this Herald no longer has configured cannot prefill anything.
    if (link) deps.catalog.provider(link.provider);
    return link;
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the channel link');
    return null;
  }
}
