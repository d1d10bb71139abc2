import { SUMMARY_HEADER_BLOCK_ID } from '../../src/summary/summary-message.js';
import type { RecordedCall, StoredMessage } from '../fakes/fake-slack.js';

// Telling the channel's live summary apart from the echoes and notices around it: it quotes the last update,
// so a test that finds echoes by their text would count it too.

function hasSummaryHeader(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((block) => (block as { block_id?: unknown }).block_id === SUMMARY_HEADER_BLOCK_ID);
}

/** A chat.postMessage or chat.update call carrying the live summary. */
export function isSummaryCall(call: RecordedCall): boolean {
  return (call.method === 'chat.postMessage' || call.method === 'chat.update') && hasSummaryHeader(call.args.blocks);
}

export function isSummaryMessage(message: StoredMessage): boolean {
  return hasSummaryHeader(message.blocks);
}
