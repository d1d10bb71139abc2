import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { WorkspaceAccess } from './workspace-access.js';

// Bolt asks this, for every request from Slack, which token answers it. A workspace Herald holds no token for
// gets a result without one: Bolt then runs the middleware, and not-installed-guard.ts answers the person in
// words (Bolt's own behaviour for a failed authorize is a silent empty answer).

export function authorizeFrom(access: WorkspaceAccess): Authorize<boolean> {
  return async (source) => {
    const owner = { teamId: source.teamId ?? null, enterpriseId: source.enterpriseId ?? null, isEnterpriseInstall: source.isEnterpriseInstall };
    const bot = await access.botFor(owner);
    const known: AuthorizeResult = {
      ...(source.teamId ? { teamId: source.teamId } : {}),
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
    if (!bot) return known;
    return {
      ...known,
      botToken: bot.token,
      ...(bot.botId ? { botId: bot.botId } : {}),
      ...(bot.botUserId ? { botUserId: bot.botUserId } : {}),
    };
  };
}
