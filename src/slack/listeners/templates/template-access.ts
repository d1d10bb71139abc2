import type { WebClient } from '@slack/web-api';
import type { TemplateDeps } from '../../../templates/manage-templates.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import type { ListenerDeps } from '../listener-deps.js';

// Who may manage templates: whoever may publish (HERALD_PUBLISHERS), so a template is never a way around it.
// Checked at the command and again at every action and submission, which anyone could forge.

export function templateDeps(deps: ListenerDeps): TemplateDeps {
  return { templates: deps.stores.templates, clock: deps.clock };
}

/** What to tell the person instead, or null when they may manage templates. */
export async function manageRefusal(deps: ListenerDeps, client: WebClient, teamId: string, userId: string): Promise<string | null> {
  const refusal = await publishRefusal(deps.publishers, client, teamId === '' ? null : teamId, userId);
  return refusal === null ? null : refusal.replace('can publish status updates', 'can manage update templates');
}

/**
 * The workspace a request came from; templates are kept per workspace. Read defensively: Bolt types the payload
 * but does not check it, and a forged one could put anything there, which the database would refuse to bind.
 */
export function teamOf(body: { team?: { id?: unknown } | null; user?: { team_id?: unknown }; view?: { team_id?: unknown } }): string {
  return [body.team?.id, body.view?.team_id, body.user?.team_id].find((id): id is string => typeof id === 'string') ?? '';
}

/** The template a button names (its value), or '' for a value that is not a string. */
export function templateIdOf(action: { value?: unknown }): string {
  return typeof action.value === 'string' ? action.value : '';
}
