import { Lexer, type Token, type Tokens } from 'marked';

// Markdown -> the plain text a page without formatting shows (Statuspage). What formatting means is
// kept in words: a link becomes "text (address)", list items keep their bullet or number, quotes their
// "> "; emphasis gives way to the words themselves. The text is never HTML-escaped: it is not HTML.

const lexer = { gfm: true, breaks: true };

export function markdownToPlainText(markdown: string): string {
  return blocks(Lexer.lex(markdown, lexer))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function blocks(tokens: Token[]): string {
  return tokens
    .map(block)
    .filter((text) => text !== '')
    .join('\n\n');
}

function block(token: Token): string {
  switch (token.type) {
    case 'space':
      return '';
    case 'paragraph':
    case 'heading':
      return inline((token as Tokens.Paragraph).tokens);
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : text.text;
    }
    case 'code':
      return (token as Tokens.Code).text;
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list':
      return list(token as Tokens.List);
    case 'hr':
      return '---';
    default:
      return 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
  }
}

function list(token: Tokens.List): string {
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const marker = token.ordered ? `${start + index}. ` : '• ';
      const body = item.tokens
        .map(block)
        .filter((text) => text !== '')
        .join(item.loose ? '\n\n' : '\n');
      return marker + body.split('\n').join(`\n${' '.repeat(marker.length)}`);
    })
    .join('\n');
}

function inline(tokens: Token[]): string {
  return tokens.map(inlineToken).join('');
}

function inlineToken(token: Token): string {
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
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : text.text;
    }
    default:
      return 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
  }
}
