import type { Token, Tokens } from 'marked';
import { renderInline, renderMarkdownBlocks, type TextStyle } from './markdown-blocks.js';

// Markdown -> the plain text a page without formatting shows (Statuspage). What formatting means is
// kept in words: a link becomes "text (address)", list items keep their bullet or number, quotes their
// "> "; emphasis gives way to the words themselves. The text is never HTML-escaped: it is not HTML.

const plainText: TextStyle = {
  inlineToken,
  text: (text) => text,
  code: (text) => text,
  rule: '---',
};

export function markdownToPlainText(markdown: string): string {
  return renderMarkdownBlocks(markdown, plainText)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const inline = (tokens: Token[]) => renderInline(tokens, plainText);

function inlineToken(token: Token): string | null {
  switch (token.type) {
    case 'strong':
    case 'em':
    case 'del':
      return inline((token as Tokens.Strong).tokens);
    case 'link': {
      const link = token as Tokens.Link;
      const label = inline(link.tokens);
      const address = link.href.replace(/^mailto:/i, '');
      return label === link.href || label === address ? label : `${label} (${link.href})`;
    }
    case 'image':
      return (token as Tokens.Image).text;
    case 'br':
      return '\n';
    case 'codespan':
      return (token as Tokens.Codespan).text;
    default:
      return null;
  }
}
