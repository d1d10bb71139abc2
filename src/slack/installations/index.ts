import type { App, Authorize, CustomRoute, Logger as SlackLogger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../../config.js';
import type { Logger } from '../../observability/logger.js';
import type { InstallationStore } from '../../store/installation-store.js';
import { allowedTeams } from './allowed-teams.js';
import { authorizeFrom } from './authorize.js';
import { createEncryptedInstallations, type EncryptedInstallations } from './encrypted-installations.js';
import { INSTALL_PATH, installRoutes } from './install-routes.js';
import { refuseWorkspacesWithoutToken } from './not-installed-guard.js';
import { scrubSecrets } from './scrub-secrets.js';
import { createTokenCipher } from './token-cipher.js';
import { registerUninstallListeners } from './uninstall-listeners.js';
import { botTokenRefusal, watchBotToken } from './bot-token-watch.js';
import { oauthWorkspaceAccess, singleWorkspaceAccess, type WorkspaceAccess } from './workspace-access.js';

// How Herald gets a token for each workspace, set up from the configuration: one SLACK_BOT_TOKEN (one workspace,
// as Herald always worked), or OAuth (any number of workspaces, installed at /slack/install, optionally with the
// SLACK_BOT_TOKEN still serving its own). app.ts takes the Bolt options, routes and listeners from here.

export type { WorkspaceAccess } from './workspace-access.js';

export interface Workspaces {
  mode: 'single' | 'oauth';
  /** For Bolt's App: `token` with one workspace, `authorize` with OAuth. */
  appAuth: { token: string } | { authorize: Authorize<boolean> };
  /** /slack/install and /slack/oauth_redirect with OAuth; none otherwise. */
  routes: CustomRoute[];
  /** Each workspace's token and client, for work outside a request (the publisher, reminders). */
  connect(app: App): WorkspaceAccess;
  /** OAuth: the answer to requests from workspaces without a token, and the uninstall events. Before Herald's listeners. */
  registerListeners(app: App, access: WorkspaceAccess): void;
  /**
   * At start, never waiting on Slack: checks SLACK_BOT_TOKEN in the background until Slack accepts it
   * (bot-token-watch.ts), and logs stored installations the configured key cannot read.
   */
  checkAtStart(): Promise<void>;
  /** Stops the background token check. */
  stop(): void;
  /**
   * /readyz's question about SLACK_BOT_TOKEN: null when Slack accepts it, otherwise why not. Absent without one
   * (OAuth alone): each workspace has its own token, and none of them says whether this process can serve.
   */
  checkBotToken: (() => Promise<string | null>) | undefined;
}

export interface WorkspacesOptions {
  config: Config;
  installations: InstallationStore;
  logger: Logger;
  slackLogger: SlackLogger;
  /** Options of every WebClient Herald makes (SLACK_API_URL, retries). */
  clientOptions: WebClientOptions;
  clock: () => Date;
}

export function setUpWorkspaces(options: WorkspacesOptions): Workspaces {
  const { config, logger } = options;
  const oauth = config.slack.oauth;
  const botToken = config.slack.botToken;
  // A client of its own for auth.test: no retries, a short timeout, so a check answers while Slack is down.
  const checker = botToken
    ? new WebClient(botToken, { ...options.clientOptions, logger: options.slackLogger, retryConfig: { retries: 0 }, timeout: 5_000 })
    : undefined;
  const checkBotToken = checker ? () => botTokenRefusal(checker) : undefined;
  if (!oauth) {
    if (!botToken) throw new Error('Herald needs SLACK_BOT_TOKEN, or the OAuth variables (SLACK_CLIENT_ID, …)');
    const client = new WebClient(botToken, { ...options.clientOptions, logger: options.slackLogger });
    // Not Bolt's own check (`token`): Bolt asks auth.test once, in its constructor, and a refusal there is an
    // unhandled rejection that ends the process, and stays refused until a restart.
    const watch = watchBotToken({ authTest: () => checker!.auth.test(), logger });
    return {
      mode: 'single',
      appAuth: { authorize: async () => ({ botToken, ...watch.identity() }) },
      routes: [],
      connect: () => singleWorkspaceAccess(client, botToken),
      registerListeners: () => undefined,
      checkAtStart: async () => watch.start(),
      stop: () => watch.stop(),
      checkBotToken,
    };
  }

  const clientOptions: WebClientOptions = { ...options.clientOptions, logger: options.slackLogger };
  const installations: EncryptedInstallations = createEncryptedInstallations({
    installations: options.installations,
    cipher: createTokenCipher(oauth.encryptionKey),
    logger: logger.child({ component: 'installations' }),
    clock: options.clock,
  });
  const allowed = allowedTeams(oauth.allowedTeams);
  const access = oauthWorkspaceAccess({
    installations,
    clientOptions,
    allowed,
    fallback: botToken ? { token: botToken, client: new WebClient(botToken, clientOptions) } : undefined,
  });
  const installUrl = oauth.publicUrl ? `${oauth.publicUrl}${INSTALL_PATH}` : undefined;
  return {
    mode: 'oauth',
    appAuth: { authorize: authorizeFrom(access) },
    routes: installRoutes({
      oauth,
      installations,
      allowed,
      clientOptions: options.clientOptions,
      logger: scrubSecrets(options.slackLogger, [oauth.clientSecret, oauth.stateSecret]),
    }),
    connect: () => access,
    registerListeners(app) {
      refuseWorkspacesWithoutToken(app, { logger, installUrl });
      registerUninstallListeners(app, { access, logger });
    },
    async checkAtStart() {
      await installations.checkReadable();
    },
    stop: () => undefined,
    checkBotToken,
  };
}
