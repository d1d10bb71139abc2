import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { InstallationOwner } from '../../store/installation-store.js';
import type { AllowedTeams } from './allowed-teams.js';
import type { EncryptedInstallations } from './encrypted-installations.js';

// Which bot token speaks for which workspace. With one SLACK_BOT_TOKEN every request and every background job
// (echo, result view, reminders) uses it; with OAuth each workspace has its own, from its installation. Work
// that outlives a request (the publisher, the reminder worker) asks `clientFor(submission.teamId)` here.

export interface WorkspaceBot {
  token: string;
  teamId: string | undefined;
  enterpriseId: string | undefined;
  botId: string | undefined;
  botUserId: string | undefined;
}

export interface WorkspaceAccess {
  /** The bot that serves this workspace, or null when Herald holds no token for it (never installed, or removed). */
  botFor(owner: InstallationOwner): Promise<WorkspaceBot | null>;
  /** A client with that workspace's token; null as for botFor. `teamId` null: single-workspace data from before OAuth. */
  clientFor(teamId: string | null): Promise<WebClient | null>;
  /** True when HERALD_ALLOWED_TEAMS leaves this workspace out (never for SLACK_BOT_TOKEN's own): why botFor has no bot. */
  isLeftOut(owner: InstallationOwner): Promise<boolean>;
  /** The workspace was uninstalled or its token revoked: drop its installation and cached client, and stop serving it. */
  forget(owner: InstallationOwner): Promise<void>;
}

/** One SLACK_BOT_TOKEN for everything, as Herald always worked: every workspace question gets the same client. */
export function singleWorkspaceAccess(client: WebClient, token: string): WorkspaceAccess {
  return {
    async botFor(owner) {
      return {
        token,
        teamId: owner.teamId ?? undefined,
        enterpriseId: owner.enterpriseId ?? undefined,
        botId: undefined,
        botUserId: undefined,
      };
    },
    async clientFor() {
      return client;
    },
    async isLeftOut() {
      return false;
    },
    async forget() {
      // Nothing stored to forget: the token is the operator's, in the environment.
    },
  };
}

export interface OAuthAccessOptions {
  installations: EncryptedInstallations;
  clientOptions: WebClientOptions;
  /** HERALD_ALLOWED_TEAMS: a stored installation of any other team is not served. */
  allowed: AllowedTeams;
  /**
   * SLACK_BOT_TOKEN alongside OAuth: it keeps serving its own workspace (found with auth.test) until that workspace
   * is installed through OAuth too, so a single-workspace deployment can switch without a gap. The operator put it
   * there, so HERALD_ALLOWED_TEAMS does not apply to it.
   */
  fallback?: { token: string; client: WebClient } | undefined;
}

export function oauthWorkspaceAccess(options: OAuthAccessOptions): WorkspaceAccess {
  const { installations, clientOptions, allowed, fallback } = options;
  const clients = new Map<string, WebClient>();
  let fallbackBot: Promise<WorkspaceBot | null> | undefined;
  // Workspaces that removed Herald while SLACK_BOT_TOKEN served them: that token is dead at Slack, and serving it on
  // would answer people with raw invalid_auth errors. Kept in memory only: a restart with SLACK_BOT_TOKEN still set
  // serves it again (it is the operator's to remove; docs/slack-app.md says so).
  const revokedFallbackTeams = new Set<string>();

  const askFallback = (): Promise<WorkspaceBot | null> => {
    if (!fallback) return Promise.resolve(null);
    fallbackBot ??= fallback.client.auth
      .test()
      .then((answer) => ({
        token: fallback.token,
        teamId: answer.team_id,
        enterpriseId: answer.enterprise_id,
        botId: answer.bot_id,
        botUserId: answer.user_id,
      }))
      .catch(() => {
        fallbackBot = undefined; // Slack unreachable or the token refused: ask again next time
        return null;
      });
    return fallbackBot;
  };

  const botFor = async (owner: InstallationOwner): Promise<WorkspaceBot | null> => {
    const identified = owner.isEnterpriseInstall ? owner.enterpriseId !== null : owner.teamId !== null;
    const installation = identified && allowed.allows(owner) ? await installations.read(owner) : null;
    if (installation?.bot) {
      return {
        token: installation.bot.token,
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        botId: installation.bot.id,
        botUserId: installation.bot.userId,
      };
    }
    const own = await askFallback();
    if (!own || (own.teamId !== undefined && revokedFallbackTeams.has(own.teamId))) return null;
    return !owner.isEnterpriseInstall && (owner.teamId === null || own.teamId === owner.teamId) ? own : null;
  };

  return {
    botFor,
    async isLeftOut(owner) {
      if (allowed.allows(owner)) return false;
      const own = owner.isEnterpriseInstall ? null : await askFallback();
      return own?.teamId === undefined || own.teamId !== owner.teamId;
    },
    async clientFor(teamId) {
      const bot = await botFor({ teamId, enterpriseId: null, isEnterpriseInstall: false });
      if (!bot) return null;
      if (bot.token === fallback?.token) return fallback.client;
      // Keyed by the token itself: a reinstall brings a new token, and with it a new client.
      let client = clients.get(bot.token);
      if (!client) {
        client = new WebClient(bot.token, { ...clientOptions, ...(bot.teamId ? { teamId: bot.teamId } : {}) });
        clients.set(bot.token, client);
      }
      return client;
    },
    async forget(owner) {
      if (owner.isEnterpriseInstall ? owner.enterpriseId === null : owner.teamId === null) return;
      const installation = await installations.read(owner);
      if (installation?.bot) clients.delete(installation.bot.token);
      await installations.forget(owner);
      // A cached auth.test answer names SLACK_BOT_TOKEN's team. Without one, Slack refuses the revoked token at the
      // next auth.test too, so that workspace goes unserved either way.
      const own = owner.isEnterpriseInstall ? null : await askFallback();
      if (own?.teamId !== undefined && own.teamId === owner.teamId) revokedFallbackTeams.add(own.teamId);
    },
  };
}
