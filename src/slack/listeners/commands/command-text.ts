// What the text after `/status-update` asks for. Only the first word counts: nothing typed opens the form,
// `new` (then optionally `maintenance`), `help`, `link`, `unlink`, `timeline`, `templates` and `announce` (any case) name those commands, and any other word is named back
// with the usage. Slack delivers the text as typed (should_escape: false), so it may hold anything: this
// never throws, and the word it returns is raw text, to be escaped wherever it is shown.

export type CommandRequest =
  | { kind: 'open-form' }
  /** `new` (an incident) or `new maintenance`: the form, to open a post. */
  | { kind: 'new'; postKind: 'incident' | 'maintenance' }
  | { kind: 'help' }
  | { kind: 'link' }
  | { kind: 'unlink' }
  | { kind: 'timeline' }
  | { kind: 'templates' }
  | { kind: 'announce' }
  | { kind: 'unknown'; word: string };

const KNOWN_WORDS = ['help', 'link', 'unlink', 'timeline', 'templates', 'announce'] as const;

export function parseCommandText(text: string): CommandRequest {
  const [word, second] = text.trim().split(/\s+/).filter(Boolean);
  if (word === undefined) return { kind: 'open-form' };
  if (word.toLowerCase() === 'new')
    return { kind: 'new', postKind: second?.toLowerCase().startsWith('maint') ? 'maintenance' : 'incident' };
  const known = KNOWN_WORDS.find((candidate) => candidate === word.toLowerCase());
  if (known) return { kind: known };
  return { kind: 'unknown', word };
}
