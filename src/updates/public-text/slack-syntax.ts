import { type Finding, type PublicTextPiece, quoteExamples } from './finding.js';

// Slack's mention syntax means nothing outside Slack: on a status page `<@U024BE7LH>` is shown as it is, and
// `@here` reads as if the company shouted at its customers.

/** `<@U…>`, `<#C…>`, `<!subteam^S…>`, `<!here>`, `<!channel>`, `<!everyone>`, and the typed `@here`, `@channel`, `@everyone`. */
const SLACK_SYNTAX =
  /<[@#][A-Z0-9][^<>\s]{0,80}>|<!(?:subteam\^[^<>\s]{1,80}|here|channel|everyone)(?:\|[^<>]{0,80})?>|(?<![\w@.])@(?:here|channel|everyone)\b/gi;

export function findSlackSyntax(pieces: readonly PublicTextPiece[]): Finding[] {
  return pieces.flatMap(({ field, text }) => {
    const found = [...text.matchAll(SLACK_SYNTAX)].map((match) => match[0]);
    if (found.length === 0) return [];
    return [
      {
        kind: 'slack-syntax' as const,
        field,
        summary: `Slack mentions: ${quoteExamples(found)}.`,
        why: 'A status page does not know Slack: customers would see this as it is written, and a mention names people or channels inside the company. Write who or what you mean in words, or leave it out.',
        blocking: false,
      },
    ];
  });
}
