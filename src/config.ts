import { z } from 'zod';

// The environment is Herald's public configuration interface (see README "Configuration"); the
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

const environmentSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ error: 'is missing: the bot token (xoxb-…) from your Slack app, "OAuth & Permissions"' })
      .trim()
      .min(1, 'is missing: the bot token (xoxb-…) from your Slack app, "OAuth & Permissions"')
      .refine((value) => value.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine(
      (value) => value === undefined || value.startsWith('xapp-'),
      'must be an app-level token starting with xapp-',
    ),
    SLACK_API_URL: baseUrl('https://slack.com/api/'),
    PORT: z
      .string()
      .trim()
      .optional()
      .transform((value) => Number(value === undefined || value === '' ? '3000' : value))
      .pipe(z.number({ error: 'must be a port number' }).int('must be a port number').min(0, 'must be a port number').max(65535, 'must be a port number')),
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
    LOG_LEVEL: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === undefined || value === '' ? 'info' : value.toLowerCase()))
      .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })),
  });

/** Problems that involve more than one variable; checked even when single variables are wrong, so all are reported at once. */
function crossVariableProblems(env: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (!isSet('SLACK_APP_TOKEN') && !isSet('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET is missing: needed in HTTP mode to verify requests from Slack ("Basic Information" → "Signing Secret"); or set SLACK_APP_TOKEN for Socket Mode');
  }
  if (!['PAGERDUTY_API_TOKEN', 'DEVHELM_API_TOKEN', 'STATUSPAGE_API_TOKEN'].some(isSet)) {
    problems.push('No status page is configured: set at least one of PAGERDUTY_API_TOKEN, DEVHELM_API_TOKEN, STATUSPAGE_API_TOKEN');
  }
  return problems;
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
    botToken: string;
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
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Herald cannot start: the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee README.md, "Configuration", and .env.example.`);
    this.name = 'ConfigError';
  }
}

/** Reads Herald's configuration from environment variables; throws one ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  // Only variable names and our own wording: no message here includes the offending value.
  const problems = [
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
  };
}
