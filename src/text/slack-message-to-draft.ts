// "Draft status update" on a Slack message: its text as the update form's message box would hold it had someone
// typed it. A message's text comes HTML-escaped (`&lt;`, `&gt;`, `&amp;`: Slack's three escapes), which a person
// typing never writes; the rest (links as `<https://x|label>`, *bold*, lists, mentions) is the Slack formatting
// typed text is read in at publish time (slack-text-to-markdown.ts), so it is kept as it is, mentions included:
// the check before publishing names those at submit, as for typed text.

export function slackMessageToDraft(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}
