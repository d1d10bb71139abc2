// What the check before publishing reports: one finding per thing a careful communicator would catch in the
// public text or in the change it makes. A finding never carries the text it found when that text is a secret:
// it names the secret's kind and at most its last 4 characters.

export type FindingKind =
  | 'slack-syntax'
  | 'internal-address'
  | 'internal-hostname'
  | 'internal-pattern'
  | 'secret'
  | 'stack-trace'
  | 'long-code-block'
  | 'resolving-while-impacted'
  | 'status-backwards'
  | 'notify-off-when-severe'
  | 'same-as-last-update'
  | 'too-short';

/** The part of the form a finding is about. */
export type FindingField = 'message' | 'title' | 'status' | 'components' | 'notify';

export interface Finding {
  kind: FindingKind;
  field: FindingField;
  /** What was found, in the user's words where that is safe (never a secret). */
  summary: string;
  /** Why it matters on a public status page. */
  why: string;
  /** Cannot be published anyway: the text must change. */
  blocking: boolean;
}

/** The public text, as the form holds it: where each piece comes from, so findings can say which one. */
export interface PublicTextPiece {
  field: Extract<FindingField, 'message' | 'title'>;
  text: string;
}

/** At most this many examples are quoted in one finding's summary. */
export const QUOTED_MAX = 3;

/** "`a`, `b` and 2 more": examples quoted for a summary, each shortened. */
export function quoteExamples(examples: readonly string[], maxLength = 60): string {
  const unique = [...new Set(examples)];
  const shown = unique
    .slice(0, QUOTED_MAX)
    .map((example) => `“${example.length > maxLength ? `${example.slice(0, maxLength - 1)}…` : example}”`);
  const more = unique.length > QUOTED_MAX ? ` and ${unique.length - QUOTED_MAX} more` : '';
  return `${shown.join(', ')}${more}`;
}
