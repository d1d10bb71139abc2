import type { StoredView } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { viewSubmissionPayload, type Pick, valuesFromView } from './slack-payloads.js';
import { FINDINGS_BLOCK_ID, PUBLISH_ANYWAY_BLOCK_PREFIX } from '../../src/slack/update-form/public-text-findings.js';

// The check before publishing, as a responder meets it: the form comes back with findings under the message,
// and "Publish anyway" when it may be ticked.

type Block = { type: string; block_id?: string; text?: { text: string }; element?: { options?: { value: string }[] } };

export function findingsText(view: { blocks: unknown[] }): string | undefined {
  return (view.blocks as Block[]).find((block) => block.block_id === FINDINGS_BLOCK_ID)?.text?.text;
}

/** The "Publish anyway" block of the form, if shown: its id and the value of its one option. */
export function publishAnywayBox(view: { blocks: unknown[] }): { blockId: string; value: string } | undefined {
  const block = (view.blocks as Block[]).find((b) => b.block_id?.startsWith(PUBLISH_ANYWAY_BLOCK_PREFIX));
  if (!block?.block_id) return undefined;
  return { blockId: block.block_id, value: block.element!.options![0]!.value };
}

/** Submits the form as it now stands, with `picks` on top; returns Slack's ack body. */
export async function submitAsShown(h: Harness, view: StoredView, picks: Record<string, Pick> = {}): Promise<Record<string, unknown>> {
  const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values: valuesFromView(view, picks) }));
  if (response.status !== 200) throw new Error(`the submission was answered ${response.status}: ${response.body}`);
  const ack = (response.json ?? {}) as Record<string, unknown>;
  h.slack.applyViewAck(view.id, ack as never);
  return ack;
}

/**
 * Submits the form, and when the check before publishing answers with findings that may be published over,
 * ticks "Publish anyway" and submits again: for tests about something else that type what the check catches
 * (a `<!channel>` to prove it is escaped, say). Returns the last ack.
 */
export async function submitPublishingAnyway(h: Harness, view: StoredView, picks: Record<string, Pick>): Promise<Record<string, unknown>> {
  const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values: valuesFromView(view, picks) }));
  if (response.status !== 200) throw new Error(`the submission was answered ${response.status}: ${response.body}`);
  const ack = (response.json ?? {}) as Record<string, unknown>;
  const shown = h.slack.applyViewAck(view.id, ack as never);
  const box = shown && findingsText(shown) !== undefined ? publishAnywayBox(shown) : undefined;
  if (!shown || !box) return ack;
  return submitAsShown(h, shown, { [box.blockId]: [box.value] });
}
