import type { ContextBlock, HeaderBlock, PlainTextElement, SectionBlock } from '@slack/types';
import { truncate } from './mrkdwn.js';

// Small constructors for the Block Kit pieces Herald uses, each holding to Slack's length limits so a long
// label degrades into "…" instead of a rejected view. None of them is used for text a person typed as their
// update: that is never cut, it is split (see splitMrkdwn).

export const VIEW_TITLE_MAX_LENGTH = 24;
export const SECTION_TEXT_MAX_LENGTH = 3000;
export const HEADER_TEXT_MAX_LENGTH = 150;
export const VIEW_MAX_BLOCKS = 100;
export const MESSAGE_MAX_BLOCKS = 50;

export function plainText(text: string, max = SECTION_TEXT_MAX_LENGTH): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

/** Modal title, submit and close labels: at most 24 characters. */
export function viewLabel(text: string): PlainTextElement {
  return plainText(text, VIEW_TITLE_MAX_LENGTH);
}

/**
 * A mrkdwn section. `verbatim` stops Slack from turning bare words into mentions or links: it is set wherever
 * the text holds something a person typed, already escaped.
 */
export function mrkdwnSection(text: string, options: { verbatim?: boolean } = {}): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX_LENGTH), verbatim: options.verbatim ?? false },
  };
}

export function plainSection(text: string): SectionBlock {
  return { type: 'section', text: plainText(text) };
}

export function contextLine(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, SECTION_TEXT_MAX_LENGTH) }] };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, HEADER_TEXT_MAX_LENGTH) };
}
