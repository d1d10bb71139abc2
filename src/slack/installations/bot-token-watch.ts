import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import { describeSlackFailure } from '../../slack-kit/slack-error.js';

// SLACK_BOT_TOKEN is checked with auth.test when Herald starts, and Herald starts whatever the answer: a token
// revoked while Herald was down, a typo, or Slack unreachable must not become a crash loop under a process
// manager. Until Slack accepts the token, /readyz says why (readiness.ts asks on its own) and this asks again
// with growing pauses, logging what to fix; once Slack accepts it, requests are served without a restart.

export interface BotIdentity {
  botId: string | undefined;
  botUserId: string | undefined;
}

export interface BotTokenWatch {
  /** Asks Slack now, and again later until it accepts the token; never waits for the answer. */
  start(): void;
  stop(): void;
  /** Who the token speaks for, once Slack has said; undefined before. */
  identity(): BotIdentity | undefined;
}

export interface BotTokenWatchOptions {
  /** auth.test with the token: resolves with Slack's answer, rejects when refused or unreachable. */
  authTest(): Promise<{ bot_id?: string | undefined; user_id?: string | undefined }>;
  logger: Logger;
  /** Pauses between checks while the token is not accepted; the last one repeats. */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

export function watchBotToken(options: BotTokenWatchOptions): BotTokenWatch {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let identity: BotIdentity | undefined;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const check = async (): Promise<void> => {
    try {
      const answer = await options.authTest();
      identity = { botId: answer.bot_id, botUserId: answer.user_id };
      if (failures > 0) options.logger.info({ attempts: failures + 1 }, 'Slack accepted SLACK_BOT_TOKEN: Herald is serving requests');
      failures = 0;
    } catch (error) {
      const failure = describeSlackFailure(error);
      const delayMs = delays[Math.min(failures, delays.length - 1)]!;
      failures += 1;
      options.logger.error(
        { cause: failure.code, retryInMs: delayMs },
        failure.refused
          ? `Slack refused SLACK_BOT_TOKEN (${failure.code}): set it to the app's current Bot User OAuth Token (xoxb-); Herald asks again until Slack accepts one`
          : `Slack could not be reached to check SLACK_BOT_TOKEN (${failure.code}): Herald asks again until it answers`,
      );
      if (!stopped) {
        timer = setTimeout(() => void check(), delayMs);
        timer.unref();
      }
    }
  };

  return {
    start: () => void check(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    identity: () => identity,
  };
}

/** Null when Slack accepts the bot token; otherwise why not, telling a refused token from Slack out of reach. */
export async function botTokenRefusal(client: WebClient): Promise<string | null> {
  try {
    await client.auth.test();
    return null;
  } catch (error) {
    const failure = describeSlackFailure(error);
    return failure.refused ? `Slack did not accept the bot token (${failure.code})` : `Slack could not be reached (${failure.code})`;
  }
}
