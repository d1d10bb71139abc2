import { markdownToSafeHtml } from '../../text/markdown-to-html.js';
import { slackTextToMarkdown } from '../../text/slack-text-to-markdown.js';

// PagerDuty shows a post update's message as HTML. The responder's Slack formatting (bold, italics,
// links, lists, code) becomes the matching HTML; everything else they typed is escaped, so a
// "<script>" stays text. Blank lines part paragraphs, single newlines become line breaks.

export { escapeHtml } from '../../text/markdown-to-html.js';

export function renderPagerDutyMessage(text: string): string {
  return markdownToSafeHtml(slackTextToMarkdown(text));
}
