import { Marked, type Tokens } from 'marked';

// Markdown -> HTML for pages that show HTML (PagerDuty). Markdown lets raw HTML through; here it never
// does: an HTML tag in the text is shown as text, links go only to http(s) and mailto addresses, and
// images are shown as their description. Single newlines stay line breaks, as the responder typed them.

const SAFE_LINK = /^(https?:|mailto:)/i;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** As marked escapes text: an `&` that starts an entity (`&lt;`, `&#39;`) is left as it is. */
function escapeText(text: string): string {
  return text.replace(/[<>"']|&(?!(#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g, (character) => HTML_ESCAPES[character] ?? character);
}

const marked = new Marked({ gfm: true, breaks: true, async: false });
marked.use({
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    text(token: Tokens.Text | Tokens.Escape): string {
      if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
      // After an inline HTML tag marked passes the rest of the line on unescaped, as raw HTML: the tag is
      // shown as text here, so the rest is escaped like any text.
      return escapeText(token.text);
    },
    link(token: Tokens.Link): string {
      const label = this.parser.parseInline(token.tokens);
      if (!SAFE_LINK.test(token.href)) return label;
      return `<a href="${escapeHtml(token.href)}">${label}</a>`;
    },
    image(token: Tokens.Image): string {
      return escapeHtml(token.text);
    },
  },
});

/** Safe HTML for `markdown`; blocks are joined without the newlines marked puts between them. */
export function markdownToSafeHtml(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return html.replace(/>\n(?=<)/g, (match, offset: number) => (insidePre(html, offset) ? match : '>')).trim();
}

/** Newlines inside <pre> are the code's own. */
function insidePre(html: string, offset: number): boolean {
  return html.lastIndexOf('<pre>', offset) > html.lastIndexOf('</pre>', offset);
}
