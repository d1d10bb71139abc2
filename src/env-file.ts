import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

// Herald reads its `.env` itself, so an operator's recipe is `npm start` and no shell ever parses the file:
// `set -a; . ./.env` ran `@sre` in `HERALD_PUBLISHERS=@incident-commanders, @sre` as a command and left the
// variable unset. Node's own loader takes each value literally (quotes aside) and never overrides a variable
// already in the environment (as process.loadEnvFile does), so a deployment's real environment wins over the file.

export interface EnvFileResult {
  /** The file read, or undefined when there was none. */
  path: string | undefined;
}

/** Loads `.env` from the working directory into `env` when there is one, with Node's own parser. */
export function loadEnvFile(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): EnvFileResult {
  const path = resolve(cwd, '.env');
  if (!existsSync(path)) return { path: undefined };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new EnvFileError(
      `${path} could not be read (${typeof code === 'string' ? code : 'unreadable'}): fix its permissions or remove it`,
    );
  }
  for (const [name, value] of Object.entries(parseEnv(text))) env[name] ??= value;
  return { path };
}

export class EnvFileError extends Error {
  override name = 'EnvFileError';
}

/**
 * The sample values `.env.example` ships with. One still in place means the file was copied and not filled in:
 * Herald would start and then fail at the first request, so it says which variable to fill.
 */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  SLACK_BOT_TOKEN: 'xoxb-your-bot-token',
  SLACK_SIGNING_SECRET: 'your-signing-secret',
  SLACK_APP_TOKEN: 'xapp-your-app-token',
  HERALD_ALLOWED_TEAMS: 'T0123ABCD',
  HERALD_PUBLIC_URL: 'https://herald.example.com',
};

/** The variables that still hold `.env.example`'s sample value. */
export function placeholdersInPlace(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(PLACEHOLDERS)
    .filter(([name, sample]) => env[name]?.trim() === sample)
    .map(([name]) => name);
}
