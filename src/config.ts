import { z } from 'zod';

// The environment is Herald's public configuration interface (see docs/configuration.md); the
// variable names are kept stable. Parsing collects every problem at once, so an operator fixes
// their deployment in one go, and never echoes a value back: most of these are secrets.

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const baseUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

/** An optional whole number within [min, max]; unset or empty: `fallback`. */
const wholeNumber = (fallback: number, min: number, max: number, error: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : Number(value)))
    .pipe(z.number({ error }).int(error).min(min, error).max(max, error));

const allowedTeamsError =
  'must list Slack team ids, separated by commas (like "T0123ABCD, T0456EFGH"), or be * to let any workspace install Herald';

const announceChannelsError =
  'must list Slack channel ids (not names), separated by commas (like "C0123ABCD, C0456EFGH"): a channel\'s id is at the bottom of its details in Slack';

const environmentSchema = z.object({
  // Required unless Herald installs itself into workspaces with OAuth: see missingBotToken.
  SLACK_BOT_TOKEN: optionalText.refine(
    (value) => value === undefined || value.startsWith('xoxb-'),
    'must be a bot token starting with xoxb-',
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine(
    (value) => value === undefined || value.startsWith('xapp-'),
    'must be an app-level token starting with xapp-',
  ),
  SLACK_API_URL: baseUrl('https://slack.com/api/'),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  HERALD_ENCRYPTION_KEY: optionalText.refine(
    (value) => value === undefined || decodeEncryptionKey(value) !== undefined,
    'must be 32 random bytes written as 64 hex characters or as base64 (make one with `openssl rand -base64 32`)',
  ),
  HERALD_PUBLIC_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, the address Slack reaches Herald at' }).optional(),
  ),
  HERALD_ALLOWED_TEAMS: optionalText
    .transform((value) => (value === undefined ? undefined : parseAllowedTeams(value)))
    .pipe(
      z.union([z.literal('any'), z.array(z.string().regex(/^T[A-Z0-9]{2,}$/, allowedTeamsError)).min(1, allowedTeamsError)]).optional(),
    ),
  PORT: z
    .string()
    .trim()
    .optional()
    .transform((value) => Number(value === undefined || value === '' ? '3000' : value))
    .pipe(
      z
        .number({ error: 'must be a port number' })
        .int('must be a port number')
        .min(0, 'must be a port number')
        .max(65535, 'must be a port number'),
    ),
  PAGERDUTY_API_TOKEN: optionalText,
  PAGERDUTY_API_URL: baseUrl('https://api.pagerduty.com'),
  DEVHELM_API_TOKEN: optionalText,
  DEVHELM_API_URL: baseUrl('https://api.devhelm.io'),
  DEVHELM_ORG_ID: optionalText,
  DEVHELM_WORKSPACE_ID: optionalText,
  STATUSPAGE_API_TOKEN: optionalText,
  STATUSPAGE_API_URL: baseUrl('https://api.statuspage.io/v1'),
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// URL (leave it unset for the embedded SQLite store)',
  ),
  DATA_DIR: optionalText.transform((value) => value ?? './data'),
  HERALD_MAX_UPDATES_PER_MINUTE: wholeNumber(6, 0, 1000, 'must be a whole number from 0 (no limit) to 1000'),
  HERALD_REMINDER_POLL_MS: wholeNumber(30_000, 100, 3_600_000, 'must be a whole number of milliseconds from 100 to 3600000'),
  HERALD_AUDIT_RETENTION_DAYS: wholeNumber(90, 1, 36_500, 'must be a whole number of days from 1 to 36500'),
  HERALD_OVERDUE_MINUTES: wholeNumber(60, 1, 10_080, 'must be a whole number of minutes from 1 to 10080'),
  // Set but naming no group is a mistake (a stray comma, a shell that ate the value), never "anyone may publish".
  HERALD_PUBLISHERS: optionalText
    .transform((value) => (value === undefined ? undefined : parsePublisherHandles(value)))
    .pipe(
      z
        .array(
          z.string().regex(/^[^\s@<>|]+$/, 'must list Slack user group handles, separated by commas (like "@incident-commanders, @sre")'),
        )
        .min(
          1,
          'is set but names no user group: list handles like "@incident-commanders, @sre", or leave it unset to let anyone in the channel publish',
        )
        .max(20, 'may list at most 20 user groups')
        .optional(),
    ),
  HERALD_ANNOUNCE_CHANNELS: optionalText
    .transform(splitChannelIds)
    .pipe(z.array(z.string().regex(/^[CG][A-Z0-9]{2,}$/, announceChannelsError)).max(20, 'may list at most 20 channels')),
  HERALD_INTERNAL_PATTERNS: optionalText.transform(splitInternalPatterns).superRefine((patterns, ctx) => {
    for (const pattern of patterns) {
      const problem = regexProblem(pattern);
      if (problem)
        ctx.addIssue({ code: 'custom', message: `has a pattern that is not a valid regular expression: ${pattern} (${problem})` });
    }
  }),
  LOG_LEVEL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? 'info' : value.toLowerCase()))
    .pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      }),
    ),
});

/** "@incident-commanders, sre" -> ["incident-commanders", "sre"]: Slack handles are lower case and unique. */
function parsePublisherHandles(value: string): string[] {
  const handles = value
    .split(',')
    .map((handle) => handle.trim().replace(/^@/, '').toLowerCase())
    .filter((handle) => handle !== '');
  return [...new Set(handles)];
}

/** "C0123ABCD, c0456efgh" -> ["C0123ABCD", "C0456EFGH"]: channel ids are upper case and unique. */
function splitChannelIds(value: string | undefined): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim().toUpperCase())
    .filter((id) => id !== '');
  return [...new Set(ids)];
}

/** Patterns separated by white space (write a space inside a pattern as \\s). */
function splitInternalPatterns(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((pattern) => pattern !== '');
}

/** Why `pattern` does not compile as a regular expression, or undefined when it does. */
function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'i');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : 'invalid';
  }
}

/** "T0AB, t0cd" -> ["T0AB", "T0CD"]; "*" -> 'any', spelled out so that letting every workspace in is a choice, never a default. */
function parseAllowedTeams(value: string): 'any' | string[] {
  if (value.trim() === '*') return 'any';
  const ids = value
    .split(',')
    .map((id) => id.trim().toUpperCase())
    .filter((id) => id !== '');
  return [...new Set(ids)];
}

/** Problems that involve more than one variable; checked even when single variables are wrong, so all are reported at once. */
function crossVariableProblems(env: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (!isSet('SLACK_APP_TOKEN') && !isSet('SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: needed in HTTP mode to verify requests from Slack ("Basic Information" → "Signing Secret"); or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  problems.push(...oauthProblems(isSet));
  if (!['PAGERDUTY_API_TOKEN', 'DEVHELM_API_TOKEN', 'STATUSPAGE_API_TOKEN'].some(isSet)) {
    problems.push('No status page is configured: set at least one of PAGERDUTY_API_TOKEN, DEVHELM_API_TOKEN, STATUSPAGE_API_TOKEN');
  }
  return problems;
}

/** Without OAuth, the one workspace's bot token is how Herald talks to Slack at all. Reported first, as before OAuth. */
function missingBotToken(env: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  if (isSet('SLACK_BOT_TOKEN') || isSet('SLACK_CLIENT_ID')) return [];
  return [
    'SLACK_BOT_TOKEN is missing: the bot token (xoxb-…) from your Slack app, "OAuth & Permissions"; or set SLACK_CLIENT_ID and the other OAuth variables to install Herald into several workspaces',
  ];
}

/** OAuth is on when SLACK_CLIENT_ID is set; it then needs all of its variables, and they mean nothing without it. */
function oauthProblems(isSet: (name: string) => boolean): string[] {
  const needed = {
    SLACK_CLIENT_SECRET: '"Basic Information" → "Client Secret"',
    SLACK_STATE_SECRET: 'any long random text; it signs the state of an installation in progress',
    HERALD_ENCRYPTION_KEY: "encrypts the workspaces' tokens in the database; make one with `openssl rand -base64 32`",
    HERALD_ALLOWED_TEAMS:
      "the Slack team ids (T…) of the workspaces that may install Herald, comma-separated, or * for any workspace; without it a stranger's workspace could install Herald and publish to your status pages",
  };
  if (isSet('SLACK_CLIENT_ID')) {
    return Object.entries(needed)
      .filter(([name]) => !isSet(name))
      .map(([name, what]) => `${name} is missing: OAuth (SLACK_CLIENT_ID) needs it (${what})`);
  }
  return [...Object.keys(needed), 'HERALD_PUBLIC_URL']
    .filter(isSet)
    .map(
      (name) =>
        `${name} is set but SLACK_CLIENT_ID is not: set SLACK_CLIENT_ID ("Basic Information" → "Client ID") to install into workspaces with OAuth, or unset ${name}`,
    );
}

/**
 * The AES-256 key in HERALD_ENCRYPTION_KEY: 64 hex characters or base64 of exactly 32 bytes. undefined when it
 * is neither, so a short or mistyped key stops Herald at start instead of weakening or garbling the tokens.
 */
export function decodeEncryptionKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

/** Installing Herald into any number of workspaces ("Add to Slack"), instead of one SLACK_BOT_TOKEN. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** 32 bytes: the AES-256-GCM key the stored tokens are encrypted with. */
  encryptionKey: Buffer;
  /** Where Slack reaches Herald (HERALD_PUBLIC_URL); sets the redirect_uri. Unset: the app's only redirect URL. */
  publicUrl: string | undefined;
  /** The workspaces that may install and use Herald (HERALD_ALLOWED_TEAMS): team ids, or 'any' (`*`). */
  allowedTeams: 'any' | readonly string[];
}

export interface ProviderConfig {
  token: string;
  baseUrl: string;
}

/** DevHelm scopes an API key to an organisation and workspace; these pick one when the key can reach several. */
export interface DevHelmConfig extends ProviderConfig {
  orgId: string | undefined;
  workspaceId: string | undefined;
}

export interface Config {
  slack: {
    /** The one workspace's bot token. Optional with OAuth; when both are set, it keeps serving its own workspace. */
    botToken: string | undefined;
    /** Set: multi-workspace OAuth (SLACK_CLIENT_ID and friends). */
    oauth?: SlackOAuthConfig | undefined;
    /** Unset only in Socket Mode, where Slack's requests arrive over an authenticated WebSocket. */
    signingSecret: string | undefined;
    /** Set: Socket Mode. */
    appToken: string | undefined;
    apiUrl: string;
  };
  port: number;
  providers: {
    pagerduty: ProviderConfig | undefined;
    devhelm: DevHelmConfig | undefined;
    statuspage: ProviderConfig | undefined;
  };
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** User group handles (lower case, no "@") whose members may publish; empty: any member of the channel. */
  publishers: string[];
  /** Updates one person may submit to one incident in a minute; 0: no limit. */
  maxUpdatesPerMinute: number;
  /** How often each process looks for due reminders. */
  reminderPollMs: number;
  /** How long the audit trail keeps each exchange's request and response bodies; after that, only its outcome. */
  auditRetentionDays: number;
  /** How long an incident may go without a public update, where none set the next one, before the Home tab calls it overdue. */
  overdueMinutes: number;
  /** Channels every published update and opened or resolved incident is also announced in (HERALD_ANNOUNCE_CHANNELS). */
  announceChannels: string[];
  /** The operator's own patterns of internal names the check before publishing catches (HERALD_INTERNAL_PATTERNS), case-insensitive. */
  internalPatterns: RegExp[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Herald cannot start: the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee docs/configuration.md and .env.example.`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads Herald's configuration from environment variables; throws one ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  // Only variable names and our own wording: no message here includes the offending value.
  const problems = [
    ...missingBotToken(env),
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`)),
    ...crossVariableProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const provider = (token: string | undefined, url: string) => (token ? { token, baseUrl: url } : undefined);
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      oauth: e.SLACK_CLIENT_ID
        ? {
            clientId: e.SLACK_CLIENT_ID,
            clientSecret: e.SLACK_CLIENT_SECRET!,
            stateSecret: e.SLACK_STATE_SECRET!,
            encryptionKey: decodeEncryptionKey(e.HERALD_ENCRYPTION_KEY!)!,
            publicUrl: e.HERALD_PUBLIC_URL?.replace(/\/+$/, ''),
            allowedTeams: e.HERALD_ALLOWED_TEAMS!,
          }
        : undefined,
    },
    port: e.PORT,
    providers: {
      pagerduty: provider(e.PAGERDUTY_API_TOKEN, e.PAGERDUTY_API_URL),
      devhelm: e.DEVHELM_API_TOKEN
        ? { token: e.DEVHELM_API_TOKEN, baseUrl: e.DEVHELM_API_URL, orgId: e.DEVHELM_ORG_ID, workspaceId: e.DEVHELM_WORKSPACE_ID }
        : undefined,
      statuspage: provider(e.STATUSPAGE_API_TOKEN, e.STATUSPAGE_API_URL),
    },
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    publishers: e.HERALD_PUBLISHERS ?? [],
    maxUpdatesPerMinute: e.HERALD_MAX_UPDATES_PER_MINUTE,
    reminderPollMs: e.HERALD_REMINDER_POLL_MS,
    auditRetentionDays: e.HERALD_AUDIT_RETENTION_DAYS,
    overdueMinutes: e.HERALD_OVERDUE_MINUTES,
    announceChannels: e.HERALD_ANNOUNCE_CHANNELS,
    internalPatterns: e.HERALD_INTERNAL_PATTERNS.map((pattern) => new RegExp(pattern, 'i')),
  };
}
