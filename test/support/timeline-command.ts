import type { Harness } from './herald-harness.js';

/**
 * Types `/status-update timeline` and returns Herald's reply: it reads the pages first, so the reply comes
 * later, to the command's response_url. `timeoutMs`: how long reading the pages may take.
 */
export async function askForTimeline(h: Harness, options: { timeoutMs?: number } = {}): Promise<Record<string, unknown>> {
  const responseUrl = h.slack.newResponseUrl();
  const answer = await h.requester.command({ text: 'timeline', response_url: responseUrl });
  if (answer.status !== 200) throw new Error(`the timeline command was answered ${answer.status}: ${answer.body}`);
  await h.slack.waitFor((call) => call.method === 'response_url' && h.slack.responses(responseUrl).length > 0, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return h.slack.responses(responseUrl)[0]!;
}
