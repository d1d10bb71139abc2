// Slack syntax that means nothing on a public status page: user, channel and group mentions (`<@U024BE7LH>`,
// `<#C01|incidents>`, `<!subteam^S01>`), broadcasts (`<!here>`, `@channel`). A template's output goes into the
// update form, and from there to every subscriber, so rendering takes it apart wherever it comes from: the
// template's own text or an incident's title. Links (`<https://…|text>`) are formatting Herald converts, not
// mentions, and stay.

const MENTION_OPENING = /<+(?=[@#!])/g;
const BROADCAST = /@+(?=(?:here|channel|everyone)(?![\p{L}\p{N}_]))/giu;

const MENTION_TEST = /<[@#!]/;
const BROADCAST_TEST = /@(?:here|channel|everyone)(?![\p{L}\p{N}_])/iu;

/** Whether `text` holds a mention or a broadcast Slack would act on. */
export function containsSlackSyntax(text: string): boolean {
  return MENTION_TEST.test(text) || BROADCAST_TEST.test(text);
}

/**
 * `text` with every mention's opening `<` and every broadcast's `@` taken out, so `<@U1>` reads `@U1>` and
 * `@here` reads `here`. Each pass only shortens the text, and taking one out can bring another together
 * (`<@@here`), so it runs until nothing is left.
 */
export function neutraliseSlackSyntax(text: string): string {
  let current = text;
  for (;;) {
    const next = current.replace(MENTION_OPENING, '').replace(BROADCAST, '');
    if (next === current) return current;
    current = next;
  }
}
