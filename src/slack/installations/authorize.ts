import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { WorkspaceAccess } from './workspace-access.js';

// Bolt asks this, for every request from Slack, which token answers it. A workspace Herald holds no token for
// gets a result without one: Bolt then runs the middleware, and not-installed-guard.ts answers the person in
// words (Bolt's own behaviour for a failed authorize is a silent empty answer). A workspace left out of
// HERALD_ALLOWED_TEAMS gets no token either, marked so the guard can say why.

/** Set in the context of a request from a workspace HERALD_ALLOWED_TEAMS leaves out. */
export const NOT_ALLOWED_CONTEXT_KEY = 'heraldTeamNotAllowed';

export function authorizeFrom(access: WorkspaceAccess): Authorize<boolean> {
  return async (source) => {
    const owner = {
      teamId: source.teamId ?? null,
      enterpriseId: source.enterpriseId ?? null,
      isEnterpriseInstall: source.isEnterpriseInstall,
    };
    const bot = await access.botFor(owner);
    const known: AuthorizeResult = {
      ...(source.teamId ? { teamId: source.teamId } : {}),
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
    if (!bot) return (await access.isLeftOut(owner)) ? { ...known, [NOT_ALLOWED_CONTEXT_KEY]: true } : known;
    return {
      ...known,
      botToken: bot.token,
      ...(bot.botId ? { botId: bot.botId } : {}),
      ...(bot.botUserId ? { botUserId: bot.botUserId } : {}),
    };
  };
}
