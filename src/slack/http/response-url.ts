import got from 'got';
import type { Logger } from '../../observability/logger.js';

// A response_url (from a slash command or a button) posts into the conversation it came from for half an hour,
// even where the bot cannot post itself: a private channel nobody invited it to, or a workspace whose token is
// gone. The one way Herald posts to one.

export interface ResponseUrlMessage {
  /** `ephemeral`: only the person who ran the command sees it; `in_channel`: everyone. */
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks?: unknown[];
  /** A button's response_url would otherwise replace the message the button is on. */
  replace_original?: boolean;
}

/** True when Slack took the message. Never throws: the caller falls back to something else, or says nothing more. */
export async function postToResponseUrl(url: string, message: ResponseUrlMessage, logger: Logger, why: string): Promise<boolean> {
  try {
    await got.post(url, { json: message, timeout: { request: 5000 }, retry: { limit: 1 } });
    return true;
  } catch (error) {
    // The message and code only: got's error carries the URL, which can post to the channel for half an hour.
    const { message: reason, code } =
      error instanceof Error ? (error as Error & { code?: unknown }) : { message: String(error), code: undefined };
    logger.warn({ error: reason, code }, `posting to the response_url failed: ${why}`);
    return false;
  }
}
