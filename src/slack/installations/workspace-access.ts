import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { InstallationOwner } from '../../store/installation-store.js';
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
  /** The workspace was uninstalled or its token revoked: drop its installation and cached client. */
  forget(owner: InstallationOwner): Promise<void>;
}

/** One SLACK_BOT_TOKEN for everything, as Herald always worked: every workspace question gets the same client. */
export function singleWorkspaceAccess(client: WebClient, token: string): WorkspaceAccess {
  return {
    async botFor(owner) {
      return { token, teamId: owner.teamId ?? undefined, enterpriseId: owner.enterpriseId ?? undefined, botId: undefined, botUserId: undefined };
    },
    async clientFor() {
      return client;
    },
    async forget() {
      // Nothing stored to forget: the token is the operator's, in the environment.
    },
  };
}

export interface OAuthAccessOptions {
  installations: EncryptedInstallations;
  clientOptions: WebClientOptions;
  /**
   * SLACK_BOT_TOKEN alongside OAuth: it keeps serving its own workspace (found with auth.test) until that workspace
   * is installed through OAuth too, so a single-workspace deployment can switch without a gap.
   */
  fallback?: { token: string; client: WebClient } | undefined;
}

export function oauthWorkspaceAccess(options: OAuthAccessOptions): WorkspaceAccess {
  const { installations, clientOptions, fallback } = options;
  const clients = new Map<string, WebClient>();
  let fallbackBot: Promise<WorkspaceBot | null> | undefined;

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
    const installation = identified ? await installations.read(owner) : null;
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
    return own && !owner.isEnterpriseInstall && (owner.teamId === null || own.teamId === owner.teamId) ? own : null;
  };

  return {
    botFor,
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
    },
  };
}
