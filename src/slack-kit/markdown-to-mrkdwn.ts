import type { Token, Tokens } from 'marked';
import { renderInline, renderMarkdownBlocks, type TextStyle } from '../text/markdown-blocks.js';
import { escapeMrkdwn, mrkdwnLink, unescapeMrkdwn } from './mrkdwn.js';

// The markdown a page renders (DevHelm as it is, PagerDuty as HTML made from it), turned into Slack mrkdwn so
// the preview, the echo and the live summary show the same formatting the page does: bold, italics, strike,
// code, links, lists and quotes as the page draws them, and everything else as the text it is. Text is
// escaped, so nothing in it pings anyone.

const mrkdwn: TextStyle = {
  inlineToken,
  text: escapeMrkdwn,
  code: (text) => `\`\`\`\n${escapeMrkdwn(text)}\n\`\`\``,
  rule: '───',
};

export function markdownToMrkdwn(markdown: string): string {
  return renderMarkdownBlocks(markdown, mrkdwn)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const inline = (tokens: Token[]) => renderInline(tokens, mrkdwn);

function inlineToken(token: Token): string | null {
  switch (token.type) {
    case 'strong':
      return `*${inline((token as Tokens.Strong).tokens)}*`;
    case 'em':
      return `_${inline((token as Tokens.Em).tokens)}_`;
    case 'del':
      return `~${inline((token as Tokens.Del).tokens)}~`;
    case 'codespan':
      return `\`${escapeMrkdwn((token as Tokens.Codespan).text)}\``;
    case 'link': {
      const link = token as Tokens.Link;
      // The label is mrkdwn already; mrkdwnLink escapes what it is given, so it gets the label back as text.
      return mrkdwnLink(link.href, unescapeMrkdwn(inline(link.tokens)));
    }
    case 'br':
      return '\n';
    default:
      return null;
  }
}
