import type { RespondArguments, RespondFn } from '@slack/bolt';

// Answering the person who clicked, through the payload's response_url. Bolt only provides `respond` when the
// payload carries one, and a payload from outside may not: then there is no one to answer this way, which is no
// reason to fail the request. Never throws.

export async function replyPrivately(respond: RespondFn | undefined, message: RespondArguments): Promise<void> {
  if (typeof respond !== 'function') return;
  await respond(message).catch(() => undefined);
}
