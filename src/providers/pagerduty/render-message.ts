// PagerDuty shows a post update's message as HTML. Responders type plain text in Slack, so the text
// is escaped (a "<script>" stays text) and its shape kept: blank lines part paragraphs, single
// newlines become line breaks.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

export function renderPagerDutyMessage(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map(
      (paragraph) =>
        `<p>${paragraph
          .split('\n')
          .map((line) => escapeHtml(line.trimEnd()))
          .join('<br>')}</p>`,
    )
    .join('');
}
