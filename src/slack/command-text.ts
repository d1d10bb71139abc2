// What the text after `/status-update` asks for. Only the first word counts: nothing typed opens the form,
// `help` (any case) shows the usage, and any other word is named back with the usage. Slack delivers the
// text as typed (should_escape: false), so it may hold anything: this never throws, and the word it
// returns is raw text, to be escaped wherever it is shown.

export type CommandRequest = { kind: 'open-form' } | { kind: 'help' } | { kind: 'unknown'; word: string };

export function parseCommandText(text: string): CommandRequest {
  const [word] = text.trim().split(/\s+/).filter(Boolean);
  if (word === undefined) return { kind: 'open-form' };
  if (word.toLowerCase() === 'help') return { kind: 'help' };
  return { kind: 'unknown', word };
}
