import type { Choice, PostOptions } from '../providers/provider.js';
import type { UpdateDraft } from '../updates/draft.js';

// Which services the channel says are affected, so that it says what the page says. Where the provider keeps a
// component's status until an update changes it (Statuspage, DevHelm), an update lists only what the responder
// changed: a service left at "Partial outage" is missing from it but still shown so on the page. There the page
// itself is the answer, read after the update (the publisher forgets the page's cached state once it publishes):
// every component the page shows at a status other than operational, with the update's own changes over it.
// Where every update lists every impact it declares (PagerDuty), the update is the answer.

export interface ComponentState {
  id: string;
  label: string;
  state: string;
}

/** The update's own changes, in the order it lists them. */
export function componentsSetBy(draft: Pick<UpdateDraft, 'impacts'>): ComponentState[] {
  return draft.impacts.map(({ component, impact }) => ({ id: component.id, label: component.label, state: impact.label }));
}

/**
 * The services as the page shows them after `draft`. `page`: the page's components as read after the update,
 * for a provider that keeps components; undefined where it does not, or the page could not be read (the
 * update's own changes are then all that is known).
 */
export function componentsAfterUpdate(draft: Pick<UpdateDraft, 'impacts'>, page: PostOptions | undefined): ComponentState[] {
  const changed = componentsSetBy(draft);
  if (!page) return changed;
  // What this update set wins over the read: the page may answer from just before the update landed.
  const set = new Map(changed.map((component) => [component.id, component.state]));
  return mergeWithPage(changed, page).map((component) => ({ ...component, state: set.get(component.id) ?? component.state }));
}

/**
 * `known` (what Herald's updates set, oldest first) brought up to date with the page: a component the page shows
 * operational and no update of ours changed is left out, one the page shows affected is listed at the page's
 * status. Components the page no longer has keep what our updates set.
 */
export function mergeWithPage(known: readonly ComponentState[], page: PostOptions): ComponentState[] {
  const labels = new Map(page.impacts.map((impact) => [impact.id, impact.label]));
  const byId = new Map(known.map((component) => [component.id, component]));
  for (const component of page.components) {
    if (component.currentImpactId === null) continue;
    const state = labels.get(component.currentImpactId) ?? component.currentImpactId;
    const ours = byId.get(component.id);
    if (ours) byId.set(component.id, { ...ours, state });
    else if (!isOperational({ id: component.currentImpactId, label: state }))
      byId.set(component.id, { id: component.id, label: component.name, state });
  }
  return [...byId.values()];
}

/** Statuspage's `operational`, DevHelm's `OPERATIONAL`: the status that means "not affected". */
export function isOperational(choice: Choice): boolean {
  const normalise = (text: string) =>
    text
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '');
  return normalise(choice.id) === 'operational' || normalise(choice.label) === 'operational';
}
