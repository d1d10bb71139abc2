import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import type { PostKind, PostOptions, ProviderId, TimelineEntry } from '../../providers/provider.js';
import type { UpdateDraft } from '../../updates/draft.js';
import type { UpdateFormState } from './blocks/update-form.js';
import { completeFormState, showForm } from './update-form-flow.js';

// What a linked channel's form starts from. Herald's own last update is known at once (the store), but
// someone may have posted on the status page directly since: then the page's newest entry is the truth,
// and the form must start from its status (and severity and impacts where updates carry them) and the
// components' current states, or publishing would quietly undo what was posted there.

export interface PrefillTarget {
  provider: ProviderId;
  page: { id: string; name: string; url: string | null };
  post: { id: string; title: string; kind: PostKind; url: string | null };
}

/** Herald's last published update to the post: its draft (message emptied) and the timeline entry it made. */
export interface HeraldLastUpdate {
  draft: UpdateDraft;
  entryId: string | null;
}

/**
 * The page's newest entry on the post when Herald did not write it (someone posted on the page directly,
 * or Herald never posted there); null when Herald's own last update is the newest. One provider request.
 */
export async function newerPageEntry(
  catalog: ProviderCatalog,
  target: PrefillTarget,
  herald: HeraldLastUpdate | null,
): Promise<TimelineEntry | null> {
  const entries = await catalog.provider(target.provider).listTimeline(target.page.id, target.post.id);
  const newest = entries[0];
  return !newest || (herald && herald.entryId === newest.id) ? null : newest;
}

/**
 * The form's starting draft from the page's newest entry. Choices the options no longer offer are left out
 * (the select then starts empty rather than on something the page would refuse). Components: where updates
 * list impacts (PagerDuty) the entry's own; elsewhere none, so each component starts at its current state.
 */
export function draftFromEntry(
  target: PrefillTarget,
  entry: TimelineEntry,
  options: PostOptions,
  previous: UpdateDraft | null,
): UpdateDraft | null {
  const status = options.statuses.find((choice) => choice.id === entry.statusId);
  if (!status) return previous;
  const impacts = (entry.impacts ?? []).flatMap(({ componentId, impactId }) => {
    const component = options.components.find((c) => c.id === componentId);
    const impact = options.impacts.find((i) => i.id === impactId);
    return component && impact ? [{ component: { id: component.id, label: component.name }, impact }] : [];
  });
  return {
    provider: target.provider,
    page: target.page,
    post: target.post,
    status,
    severity: options.severities.find((choice) => choice.id === entry.severityId) ?? null,
    message: '',
    impacts,
    notifySubscribers: previous?.notifySubscribers ?? true,
    nextUpdateMinutes: previous ? previous.nextUpdateMinutes : target.post.kind === 'incident' ? 30 : null,
    reportedAt: null,
  };
}

/**
 * Fills a form just opened on `target` (showing `state`): loads what it lacks and, at the same time, the
 * page's newest entry; shows the result when it differs from what is shown. When the page cannot be read
 * the form keeps Herald's own last update: a responder is never kept from posting by a slow page.
 */
export async function fillLinkedForm(
  deps: { client: WebClient; catalog: ProviderCatalog; logger: Logger },
  view: { id: string; hash?: string | undefined },
  state: UpdateFormState,
  target: PrefillTarget,
  herald: HeraldLastUpdate | null,
): Promise<void> {
  const [newest, completed] = await Promise.all([
    newerPageEntry(deps.catalog, target, herald).catch((error: unknown) => {
      deps.logger.info({ err: error }, "could not read the status page's timeline; the form starts from Herald's last update");
      return null;
    }),
    completeFormState(deps.catalog, state),
  ]);
  let next = completed;
  if (newest) {
    try {
      // The page changed behind Herald's back, so its cached component states may be stale. Forgotten only
      // now: forgetting while this form's own lists were loading would abort those loads.
      deps.catalog.forgetPage(target.provider, target.page.id);
      const options = await deps.catalog.loadPostOptions(target.provider, target.page.id, target.post.kind);
      next = {
        ...completed,
        initial: draftFromEntry(target, newest, options, herald?.draft ?? null),
        options: { status: 'ready', value: options },
      };
    } catch (error) {
      deps.logger.info({ err: error }, "could not reload the status page's components; the form starts from Herald's last update");
    }
  }
  if (JSON.stringify(next) === JSON.stringify(state)) return;
  await showForm(deps.client, deps.logger, view, next);
}
