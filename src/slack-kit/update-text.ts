import type { ProviderId } from '../providers/provider.js';
import { markdownToPlainText } from '../text/markdown-to-plain-text.js';
import { slackTextToMarkdown } from '../text/slack-text-to-markdown.js';
import { markdownToMrkdwn } from './markdown-to-mrkdwn.js';
import { escapeMrkdwn } from './mrkdwn.js';

// An update's text as the channel shows it: the same text the status page shows, drawn in Slack. The
// responder's Slack text goes through the one conversion every provider receives (slackTextToMarkdown), then
// back into mrkdwn the way the page renders it, so a typed link is a link, and a line typed after a list sits
// where the page puts it. The echo, the live summary and the preview all use this: none of them shows the raw
// text the responder typed, which Slack and the page would each read their own way.

/** How each page shows a message. */
export const PAGE_TEXT_FORMATS: Readonly<Record<ProviderId, 'html' | 'markdown' | 'plain'>> = {
  pagerduty: 'html',
  devhelm: 'markdown',
  statuspage: 'plain',
};

/** Escaped mrkdwn: nothing in it pings anyone or hides a link. */
export function updateTextAsMrkdwn(provider: ProviderId, slackText: string): string {
  const markdown = slackTextToMarkdown(slackText);
  // A plain-text page keeps formatting in words ("text (address)"): the channel shows those words.
  if (PAGE_TEXT_FORMATS[provider] === 'plain') return escapeMrkdwn(markdownToPlainText(markdown));
  return markdownToMrkdwn(markdown);
}
