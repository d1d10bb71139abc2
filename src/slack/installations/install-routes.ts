import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute, Logger as SlackLogger } from '@slack/bolt';
import { InstallProvider, type CodedError, type Installation } from '@slack/oauth';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackOAuthConfig } from '../../config.js';
import { type AllowedTeams, notAllowedExplanation } from './allowed-teams.js';
import { BOT_SCOPES } from './bot-scopes.js';
import { describeOwner, type EncryptedInstallations, ownerOfInstallation } from './encrypted-installations.js';

// "Add to Slack": GET /slack/install sends the admin to Slack's consent page, with a signed `state` that is also
// set as a cookie in their browser; Slack sends them back to GET /slack/oauth_redirect with a one-time code,
// which Bolt's InstallProvider checks against the cookie (CSRF) and exchanges (oauth.v2.access) for the
// workspace's bot token, saved sealed through EncryptedInstallations. Served as custom routes of whichever
// receiver runs (HTTP or Socket Mode), beside /healthz and /readyz. Slack names the workspace only in the code
// exchange, so a team outside HERALD_ALLOWED_TEAMS is refused right after it: its token is revoked, never stored.

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface InstallRoutesOptions {
  oauth: SlackOAuthConfig;
  installations: EncryptedInstallations;
  allowed: AllowedTeams;
  /** Where oauth.v2.access and auth.test go (SLACK_API_URL). */
  clientOptions: WebClientOptions;
  /** Must not be given the client secret to print: see scrubSecrets. */
  logger: SlackLogger;
}

export function installRoutes(options: InstallRoutesOptions): CustomRoute[] {
  const { oauth } = options;
  const redirectUri = oauth.publicUrl ? `${oauth.publicUrl}${REDIRECT_PATH}` : undefined;
  const installer = new InstallProvider({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: options.installations,
    // Straight to Slack's consent page: Herald has no landing page of its own to show first.
    directInstall: true,
    installUrlOptions: { scopes: [...BOT_SCOPES], ...(redirectUri ? { redirectUri } : {}) },
    logger: options.logger,
    clientOptions: options.clientOptions,
  });
  const callbacks = {
    afterInstallation: async (installation: Installation, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
      const owner = ownerOfInstallation(installation);
      if (options.allowed.allows(owner)) return true;
      options.logger.warn(`refused to install Herald in ${describeOwner(owner)}: it is not in HERALD_ALLOWED_TEAMS`);
      await revoke(installation.bot?.token, options.clientOptions);
      const name = installation.team?.name ?? installation.enterprise?.name ?? 'this workspace';
      page(res, 403, 'Herald was not installed', escapeHtml(notAllowedExplanation(name)));
      return false;
    },
    successAsync: async (installation: Installation, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
      const name = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
      page(
        res,
        200,
        'Herald is installed',
        `Herald is installed in ${escapeHtml(name)}. Type <code>/status-update</code> in an incident channel to post your first update.`,
      );
    },
    failureAsync: async (error: CodedError, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
      page(res, 400, 'Herald was not installed', `${failureReason(error)} <a href="${INSTALL_PATH}">Start the installation again</a>.`);
    },
  };
  return [
    {
      path: INSTALL_PATH,
      method: ['GET'],
      handler: (req, res) => {
        installer
          .handleInstallPath(req, res)
          .catch(() =>
            page(
              res,
              500,
              'Herald could not start the installation',
              `Try again in a moment: <a href="${INSTALL_PATH}">install Herald</a>.`,
            ),
          );
      },
    },
    {
      path: REDIRECT_PATH,
      method: ['GET'],
      handler: (req, res) => {
        installer
          .handleCallback(req, res, callbacks)
          .catch(() =>
            page(
              res,
              500,
              'Herald was not installed',
              `Herald could not finish the installation. <a href="${INSTALL_PATH}">Start it again</a>.`,
            ),
          );
      },
    },
  ];
}

/** Gives the refused workspace's fresh token back, so Herald does not stay installed there; best effort. */
async function revoke(token: string | undefined, clientOptions: WebClientOptions): Promise<void> {
  if (!token) return;
  try {
    await new WebClient(token, { ...clientOptions, retryConfig: { retries: 0 } }).auth.revoke();
  } catch {
    // The token is dropped either way: nothing of it is kept, so an unrevoked one is merely unused.
  }
}

/** What went wrong, in words an admin can act on; never the error's own text, which may quote the request. */
function failureReason(error: CodedError): string {
  switch (error.code) {
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_state':
      return 'This installation link was not started in this browser, or it expired (after 10 minutes).';
    case 'slack_oauth_installer_authorization_error':
      return 'The installation was cancelled in Slack.';
    case 'slack_oauth_missing_code':
      return 'Slack did not send the installation code back.';
    default:
      return 'Slack did not confirm the installation, or Herald could not save it.';
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`,
  );
}
