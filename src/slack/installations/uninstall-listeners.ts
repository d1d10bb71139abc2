import type { App } from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';
import type { InstallationOwner } from '../../store/installation-store.js';
import { describeOwner } from './encrypted-installations.js';
import type { WorkspaceAccess } from './workspace-access.js';

// Slack tells Herald when a workspace removes it (app_uninstalled) or revokes its tokens (tokens_revoked). Either
// way the stored tokens are useless and should not be kept: the installation is deleted. Bolt delivers both
// events without authorizing them (there is no token left to authorize with).

interface EventEnvelope {
  team_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
}

function ownerOf(body: EventEnvelope): InstallationOwner {
  return {
    teamId: body.team_id ?? null,
    enterpriseId: body.enterprise_id ?? null,
    isEnterpriseInstall: body.is_enterprise_install === true,
  };
}

export function registerUninstallListeners(app: App, deps: { access: WorkspaceAccess; logger: Logger }): void {
  const forget = async (owner: InstallationOwner, why: string) => {
    await deps.access.forget(owner);
    deps.logger.info({ teamId: owner.teamId, enterpriseId: owner.enterpriseId }, `${why}: deleted the tokens of ${describeOwner(owner)}`);
  };

  app.event('app_uninstalled', async ({ body }) => {
    await forget(ownerOf(body as EventEnvelope), 'Herald was uninstalled');
  });

  app.event('tokens_revoked', async ({ event, body }) => {
    // Herald asks for bot tokens only; a revoked user token (someone who authorised it) leaves the bot working.
    if ((event.tokens.bot ?? []).length === 0) return;
    await forget(ownerOf(body as EventEnvelope), "Slack revoked Herald's bot token");
  });
}
