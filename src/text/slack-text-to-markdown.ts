// Responders write their update in Slack, in Slack's own formatting: *bold*, _italics_, ~strike~,
// `code`, ```code blocks```, links as Slack sends them (<https://x|text>), "•"/"-"/"1." lists and
// "> " quotes. This turns that text into CommonMark (plus GFM strikethrough), the one form every
// provider renders from: as it is for DevHelm, as escaped HTML for PagerDuty, as plain text for
// Statuspage. Everything else the user typed is escaped, so a "<script>" or "# of users" stays text.
//
// Slack's syntax is small and line-based, so it is read here with a few patterns; markdown itself is
// only ever parsed by `marked` (see markdown-to-html.ts, markdown-to-plain-text.ts).

/** Private-use characters: they never come from a keyboard and no escaping rule touches them. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/** Characters markdown could read as syntax anywhere in a line. */
const INLINE_SPECIAL = /[\\`*_~[\]<>]/g;
const LINK_TARGET = /^(https?:\/\/|mailto:)\S+$/i;
const BARE_URL = /\bhttps?:\/\/[^\s<>\uE000\uE001]+/gi;
/** •, ◦, ▪, ‣, · (escaped: the bundle must stay ASCII outside comments, see scripts/bundle.mjs), *, + or -. */
const BULLET = /^(?:[\u2022\u25E6\u25AA\u2023\u00B7*+-])[ \t]+/;
const NUMBERED = /^\d{1,9}[.)][ \t]+/;
const QUOTE = /^>[ \t]?/;
/** A line of only -, =, * or _ would become a rule or a heading underline. */
const RULE_LIKE = /^[-=*_](?:[ \t]*[-=*_])*[ \t]*$/;
/**
 * Slack's emphasis: a marker that opens before a non-space and closes after one, not inside a word,
 * on one line. Group 1: what precedes; 2: the marker; 3: the emphasised text.
 */
const EMPHASIS = /(^|[^\p{L}\p{N}\\])([*_~])(?=\S)([^\n]*?\S)\2(?=$|[^\p{L}\p{N}])/u;
const EMPHASIS_MARKDOWN: Record<string, string> = { '*': '**', _: '_', '~': '~~' };

export function slackTextToMarkdown(text: string): string {
  const held: string[] = [];
  const hold = (markdown: string): string => `${OPEN}${held.push(markdown) - 1}${CLOSE}`;

  let source = text.replace(/\r\n?/g, '\n');
  // Code first: nothing inside it is formatting.
  source = source.replace(/```\n?([\s\S]*?)\n?```/g, (_match, code: string) => `\n${hold(fencedCode(code))}\n`);
  source = source.replace(/`([^`\n]+)`/g, (_match, code: string) => hold(inlineCode(code)));
  source = source.replace(/<([^<>\n]+)>/g, (match, inside: string) => {
    const bar = inside.indexOf('|');
    const target = bar === -1 ? inside : inside.slice(0, bar);
    const label = bar === -1 ? '' : inside.slice(bar + 1);
    // Mentions (<@U1>, <!channel>, <#C1|name>) are not links: they stay as the text they are.
    if (!LINK_TARGET.test(target)) return match;
    return hold(link(target, label === '' ? null : convertInline(label)));
  });
  source = source.replace(BARE_URL, (url) => {
    const [address, trailing] = splitTrailingPunctuation(url);
    return hold(link(address, null)) + trailing;
  });

  // Trailing spaces would make markdown line breaks nobody typed (code is still held apart here).
  const markdown = source
    .split('\n')
    .map((line) => convertLine(line).trimEnd())
    .join('\n');
  return markdown
    .replace(PLACEHOLDER, (_match, index: string) => held[Number(index)] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function convertLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  let rest = line.slice(indent.length);
  let prefix = '';
  while (QUOTE.test(rest)) {
    prefix += '> ';
    rest = rest.replace(QUOTE, '');
  }
  const bullet = BULLET.exec(rest);
  const numbered = NUMBERED.exec(rest);
  if (bullet) {
    prefix += '- ';
    rest = rest.slice(bullet[0].length);
  } else if (numbered) {
    prefix += numbered[0];
    rest = rest.slice(numbered[0].length);
  } else if (/^#/.test(rest) || RULE_LIKE.test(rest)) {
    // "# of users", "---": text, not a heading or a rule.
    return `${indent + prefix}\\${rest.slice(0, 1)}${escapeText(rest.slice(1))}`;
  }
  return indent + prefix + convertInline(rest);
}

/** Emphasis becomes markdown's; whatever is not emphasis is escaped. */
function convertInline(text: string): string {
  let output = '';
  let rest = text;
  for (let match = EMPHASIS.exec(rest); match; match = EMPHASIS.exec(rest)) {
    const [whole, before = '', marker = '', inner = ''] = match;
    const markdownMarker = EMPHASIS_MARKDOWN[marker] ?? marker;
    output += escapeText(rest.slice(0, match.index) + before) + markdownMarker + convertInline(inner) + markdownMarker;
    rest = rest.slice(match.index + whole.length);
  }
  return output + escapeText(rest);
}

function escapeText(text: string): string {
  return text.replace(INLINE_SPECIAL, (character) => `\\${character}`).replace(/&(?=#?\w+;)/g, '\\&');
}

function inlineCode(code: string): string {
  // A code span cannot hold a backtick run as long as its fence; Slack's cannot hold any.
  const padded = /^`|`$/.test(code) ? ` ${code} ` : code;
  return `\`${padded}\``;
}

function fencedCode(code: string): string {
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}\n${code}\n${fence}`;
}

function link(url: string, labelMarkdown: string | null): string {
  const destination = url.replace(/[\s()<>\\]/g, (character) => encodeURIComponent(character));
  if (labelMarkdown === null || labelMarkdown === escapeText(url)) return `<${destination}>`;
  return `[${labelMarkdown}](${destination})`;
}

/** "see https://x.test/a." ends the sentence, not the address; a ")" stays when it closes a "(" in it. */
function splitTrailingPunctuation(url: string): [string, string] {
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1]!;
    if (/[.,;:!?'"\]]/.test(last)) end -= 1;
    else if (last === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end -= 1;
    else break;
  }
  return [url.slice(0, end), url.slice(end)];
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}
