import { markdownToSafeHtml } from '../../text/markdown-to-html.js';

// PagerDuty shows a post update's message as HTML. The responder's formatting (bold, italics, links, lists,
// code), already CommonMark when it reaches a provider, becomes the matching HTML; everything else they typed
// is escaped, so a "<script>" stays text. Blank lines part paragraphs, single newlines become line breaks.

export function renderPagerDutyMessage(markdown: string): string {
  return markdownToSafeHtml(markdown);
}
