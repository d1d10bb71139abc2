import { pino, type Logger } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import { currentLogContext } from './log-context.js';
import { slackLogLine } from './slack-log-line.js';
import { serializeError } from './error-causes.js';

export type { Logger };

// Paths that may carry credentials in anything we log: request headers, provider clients' options,
// Slack payload tokens. pino replaces them before a line is written.
const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.signingSecret',
  '*.botToken',
  '*.appToken',
  // Objects Bolt logs that are not plain fields (see slack-log-line.ts).
  'details[*].token',
  'details[*].authorization',
  'details[*].headers.authorization',
  'details[*].headers.Authorization',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'herald' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Errors with every error they carry inside (error-causes.ts).
      serializers: { err: serializeError },
      // requestId / publishId of the work this line belongs to (see log-context.ts).
      mixin: () => ({ ...currentLogContext() }),
    },
    destination as pino.DestinationStream | undefined,
  );
}

const pinoLevels: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** The most detailed Slack level whose lines `logger` writes; error when it writes none of them. */
function slackLevelOf(logger: Logger): LogLevel {
  for (const level of [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN]) if (logger.isLevelEnabled(pinoLevels[level])) return level;
  return LogLevel.ERROR;
}

/** Bolt and its WebClient log through this, so every line Herald writes is JSON from one logger. */
export function toSlackLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'bolt' });
  // Errors and objects kept as such (see slack-log-line.ts): a Bolt error line keeps its stack and fields.
  const write = (level: 'debug' | 'info' | 'warn' | 'error', messages: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    const { fields, message } = slackLogLine(messages);
    child[level](fields, message);
  };
  return {
    debug: (...messages: unknown[]) => write('debug', messages),
    info: (...messages: unknown[]) => write('info', messages),
    warn: (...messages: unknown[]) => write('warn', messages),
    error: (...messages: unknown[]) => write('error', messages),
    setLevel: () => undefined, // the level is Herald's LOG_LEVEL, set once
    // Asked before every Web API call (patches/README.md), so it is a lookup, not a search; Herald's trace is debug here.
    getLevel: () => slackLevelOf(child),
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
