import { blockProblems, violation } from './block-rules.js';

// What chat.postMessage, chat.update and response_url posts refuse.

export interface MessageRejection {
  error: string;
  messages: string[];
}

export function messageRejection(args: Record<string, unknown>): MessageRejection | undefined {
  const blocks = args.blocks;
  const hasText = typeof args.text === 'string' && args.text.length > 0;
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) return { error: 'no_text', messages: [] };
  if (typeof args.text === 'string' && args.text.length > 40_000) return { error: 'msg_too_long', messages: [] };
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', messages: [] };
  const messages: string[] = [];
  if (blocks.length > 50) messages.push(violation('must provide no more than 50 items', '/blocks'));
  messages.push(...blockProblems(blocks, '/blocks'));
  return messages.length > 0 ? { error: 'invalid_blocks', messages } : undefined;
}
