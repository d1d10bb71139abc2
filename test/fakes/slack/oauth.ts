import { randomBytes } from 'node:crypto';
import type { Answer } from './method-context.js';
import { FAKE_WORKSPACE } from './workspace.js';

// Several workspaces for the fake Slack: which team each bot token belongs to, and the OAuth v2 exchange
// (oauth.v2.access) that mints a new workspace's token from a one-time code. Slack checks the app's client id
// and secret there, so the fake does too.

export interface FakeTeam {
  id: string;
  name: string;
  botUserId: string;
  botId: string;
}

export const DEFAULT_TEAM: FakeTeam = {
  id: FAKE_WORKSPACE.teamId,
  name: FAKE_WORKSPACE.teamName,
  botUserId: FAKE_WORKSPACE.botUserId,
  botId: FAKE_WORKSPACE.botId,
};

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

export class FakeWorkspaces {
  private readonly teamsByToken = new Map<string, FakeTeam>();
  private readonly codes = new Map<string, { team: FakeTeam; scopes: string[] }>();
  app: OAuthApp = { clientId: '1111.2222', clientSecret: 'fake-oauth-client-secret-5b2e' };

  constructor(defaultToken: string) {
    this.teamsByToken.set(defaultToken, DEFAULT_TEAM);
  }

  /** The team whose token this is; undefined when the token is unknown or revoked. */
  teamOf(token: string): FakeTeam | undefined {
    return this.teamsByToken.get(token);
  }

  /** What Slack hands the redirect after an admin approves: a code for oauth.v2.access, once. */
  issueCode(team: Partial<FakeTeam> & { id: string }, scopes: string[]): string {
    const code = `code-${randomBytes(6).toString('hex')}`;
    const suffix = team.id.slice(1);
    this.codes.set(code, { team: { name: team.id, botUserId: `UBOT${suffix}`, botId: `BBOT${suffix}`, ...team }, scopes });
    return code;
  }

  /** oauth.v2.access: client credentials from the body or HTTP Basic, as the WebClient sends them. */
  exchange(args: Record<string, unknown>, authorization: string | undefined): Answer {
    const basic = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':') : [];
    const clientId = args.client_id ?? basic[0];
    const clientSecret = args.client_secret ?? basic[1];
    if (clientId !== this.app.clientId) return { ok: false, error: 'invalid_client_id' };
    if (clientSecret !== this.app.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grant = typeof args.code === 'string' ? this.codes.get(args.code) : undefined;
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.codes.delete(args.code as string);
    const token = `xoxb-${grant.team.id}-${randomBytes(12).toString('hex')}`;
    this.teamsByToken.set(token, grant.team);
    return {
      ok: true,
      app_id: FAKE_WORKSPACE.appId,
      authed_user: { id: 'U0INSTALLER' },
      scope: grant.scopes.join(','),
      token_type: 'bot',
      access_token: token,
      bot_user_id: grant.team.botUserId,
      team: { id: grant.team.id, name: grant.team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  /** auth.revoke: this one token stops working. */
  revokeToken(token: string): void {
    this.teamsByToken.delete(token);
  }

  /** The workspace removed the app, or revoked its tokens: every token of the team stops working. */
  revoke(teamId: string): void {
    for (const [token, team] of this.teamsByToken) if (team.id === teamId) this.teamsByToken.delete(token);
  }

  /** The tokens currently valid for a team (for tests that read the database and compare). */
  tokensOf(teamId: string): string[] {
    return [...this.teamsByToken].filter(([, team]) => team.id === teamId).map(([token]) => token);
  }
}
