import { Lexer, type Token, type Tokens } from 'marked';

// The block layout shared by the renderers that turn markdown into text rather than HTML (plain text for
// Statuspage, Slack mrkdwn for the preview): paragraphs apart by a blank line, quotes as "> ", list items
// with their bullet or number and their following lines indented under it. What differs between them is
// the inline formatting, how bare text is written (escaped or not), code blocks and the horizontal rule.

export interface TextStyle {
  /**
   * One inline token (emphasis, link, code span…) as this style writes it, its children through
   * renderInline; null for a token it has nothing special for, written as the plain text it holds.
   */
  inlineToken(token: Token): string | null;
  /** Text with no formatting left in it, written for the target (escaped where the target needs it). */
  text(text: string): string;
  code(text: string): string;
  rule: string;
}

const lexer = { gfm: true, breaks: true };

/** The markdown's blocks laid out as text in `style`; callers tidy the blank lines and ends to taste. */
export function renderMarkdownBlocks(markdown: string, style: TextStyle): string {
  return blocks(Lexer.lex(markdown, lexer), style, '\n\n');
}

/** A run of inline tokens (a paragraph's, a link label's…) as text in `style`. */
export function renderInline(tokens: Token[], style: TextStyle): string {
  return tokens.map((token) => style.inlineToken(token) ?? plainToken(token, style)).join('');
}

/** A token with no formatting of its own, as text: its inline children if it has any. */
function plainToken(token: Token, style: TextStyle): string {
  if (token.type === 'text') {
    const text = token as Tokens.Text;
    if (text.tokens) return renderInline(text.tokens, style);
  }
  return style.text('text' in token && typeof token.text === 'string' ? token.text : token.raw);
}

function blocks(tokens: Token[], style: TextStyle, separator: string): string {
  return tokens
    .map((token) => block(token, style))
    .filter((text) => text !== '')
    .join(separator);
}

function block(token: Token, style: TextStyle): string {
  switch (token.type) {
    case 'space':
      return '';
    case 'paragraph':
    case 'heading':
      return renderInline((token as Tokens.Paragraph).tokens, style);
    case 'code':
      return style.code((token as Tokens.Code).text);
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens, style, '\n\n')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list':
      return list(token as Tokens.List, style);
    case 'hr':
      return style.rule;
    default:
      return plainToken(token, style);
  }
}

function list(token: Tokens.List, style: TextStyle): string {
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const marker = token.ordered ? `${start + index}. ` : '• ';
      const body = blocks(item.tokens, style, item.loose ? '\n\n' : '\n');
      return marker + body.split('\n').join(`\n${' '.repeat(marker.length)}`);
    })
    .join('\n');
}
