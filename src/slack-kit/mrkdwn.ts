// Slack mrkdwn treats `<...>` as a control sequence (`<!channel>`, `<@U123>`, `<https://x|y>`), so any text a
// person typed must have `&`, `<` and `>` escaped before it goes into a mrkdwn field, or it can ping a whole
// channel or disguise a link. Slack documents exactly these three escapes and renders them back literally.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char);
}

/**
 * Text Herald quotes back to the person who sent it (a word it does not know, a command's name), made safe to
 * show: control characters, bidirectional overrides and other invisible formatting characters are dropped (they
 * could reorder or hide what Slack shows around them), backticks too (the quote is a code span), and the rest is
 * shortened to `max` characters. Escape the result for mrkdwn like any text.
 */
export function quotable(text: string, max = 40): string {
  return truncate(text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}`]/gu, ''), max);
}

/** The inverse of escapeMrkdwn; `&amp;` last so `&amp;lt;` comes back as `&lt;`. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` characters, ending in "…" when cut. Counts UTF-16 units like Slack's limits do,
 * and never leaves half of a surrogate pair (an emoji) behind.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * Splits already-escaped mrkdwn into pieces of at most `max` characters, preferring line breaks, then spaces,
 * and never cutting an entity such as `&amp;`, a link or date token (`<https://x|label>`) or a surrogate pair
 * in two. Nothing is dropped: joining the
 * pieces gives the text back (the separator a piece ends on stays with it).
 */
export function splitMrkdwn(text: string, max: number): string[] {
  if (max < 8) throw new RangeError('splitMrkdwn needs room for at least one entity');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max - 1) + 1;
    if (cut < max / 2) cut = Math.max(cut, rest.lastIndexOf(' ', max - 1) + 1);
    if (cut < max / 2) cut = max;
    cut = avoidSplittingEntity(rest, cut);
    cut = avoidSplittingToken(rest, cut);
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** In escaped mrkdwn a `<` only opens a token Herald wrote (a link, a date): a cut inside one moves before it. */
function avoidSplittingToken(text: string, cut: number): number {
  const open = text.lastIndexOf('<', cut - 1);
  if (open <= 0 || text.lastIndexOf('>', cut - 1) > open) return cut;
  const close = text.indexOf('>', open);
  return close !== -1 && close >= cut ? open : cut;
}

function avoidSplittingEntity(text: string, cut: number): number {
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp <= 0 || cut - amp >= 5) return cut;
  const entity = /^&(?:amp|lt|gt);/.exec(text.slice(amp, amp + 5));
  return entity && amp + entity[0].length > cut ? amp : cut;
}

/**
 * A mrkdwn link `<url|label>` with the label escaped. Only http(s) URLs become links; the characters that would
 * end or split the link token are percent-encoded and `&` is written as `&amp;` as Slack requires.
 * Anything else renders as the plain label.
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeLabel = escapeMrkdwn(label);
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return safeLabel;
  const safeUrl = url.replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C').replace(/&/g, '&amp;');
  return `<${safeUrl}|${safeLabel}>`;
}

/** `<#C123>`: Slack renders the channel name; anything that is not an id renders as plain text. */
export function channelMention(channelId: string): string {
  return /^[A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

/** `<@U123>`: a mention of the person, never of a group or the channel. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/**
 * Slack's date token: shown in each reader's own time zone, with the ISO text as fallback where it can't render.
 * `format` uses Slack's tokens, e.g. `{date_short_pretty} at {time}`.
 */
export function slackDate(date: Date, format = '{date_short_pretty} at {time}'): string {
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^${format}|${date.toISOString()}>`;
}
