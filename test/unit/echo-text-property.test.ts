import fc from 'fast-check';
import { updateTextAsMrkdwn } from '../../src/slack-kit/update-text.js';
import { markdownToSafeHtml } from '../../src/text/markdown-to-html.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

// The channel shows an update as its page does. Random Slack-formatted text (words, *bold*, _italics_,
// ~strike~, typed and bare links, bullet and numbered lines, blank lines, lines typed after a list) is rendered
// both ways: to the HTML PagerDuty receives (the markdown DevHelm receives draws the same), and to the mrkdwn
// the echo and the live summary show. Both must have the same structure: the same paragraphs, list items,
// links (in order) and emphasis.

interface Structure {
  paragraphs: number;
  /** Each list item's words: a line typed after a list is in the last item on both sides, or on neither. */
  listItems: string[];
  links: string[];
  strong: number;
  em: number;
  del: number;
}

const count = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;
const unescapeAmp = (text: string) => text.replace(/&amp;/g, '&');

/** Paragraphs outside lists, list items, links, emphasis: as a page draws the HTML. */
function htmlStructure(html: string): Structure {
  let depth = 0;
  let paragraphs = 0;
  for (const [tag] of html.matchAll(/<\/?(?:ul|ol|p)>/g)) {
    if (tag === '<ul>' || tag === '<ol>') depth += 1;
    else if (tag === '</ul>' || tag === '</ol>') depth -= 1;
    else if (tag === '<p>' && depth === 0) paragraphs += 1;
  }
  return {
    paragraphs,
    listItems: [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => wordsOf(match[1]!.replace(/<[^>]+>/g, ' '))),
    links: [...html.matchAll(/<a href="([^"]+)">/g)].map((match) => unescapeAmp(match[1]!)),
    strong: count(html, /<strong>/g),
    em: count(html, /<em>/g),
    del: count(html, /<del>/g),
  };
}

const LIST_ITEM = /^[ \t]*(?:• |\d+\. )/;

/** Text as words: entities read, runs of space and line breaks as one space. */
function wordsOf(text: string): string {
  return unescapeAmp(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>')).replace(/\s+/g, ' ').trim();
}

/** Each item: its marked line and the indented lines under it; emphasis marks and link addresses dropped. */
function mrkdwnItems(mrkdwn: string): string[] {
  const items: string[][] = [];
  let current: string[] | null = null;
  for (const line of mrkdwn.split('\n')) {
    if (LIST_ITEM.test(line)) {
      current = [line.replace(LIST_ITEM, '')];
      items.push(current);
    } else if (current && (line === '' || /^[ \t]/.test(line))) {
      current.push(line);
    } else {
      current = null;
    }
  }
  const plain = (text: string) =>
    text
      .replace(/<(https?:[^|>]+)\|([^>]*)>/g, '$2')
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/[*_~]/g, '');
  return items.map((lines) => wordsOf(plain(lines.join('\n'))));
}

/** The same, as Slack draws the mrkdwn: blocks apart by a blank line, an item per marked line. */
function mrkdwnStructure(mrkdwn: string): Structure {
  const blocks = mrkdwn.split(/\n\n/);
  return {
    // A block that starts at the margin and is not a list; an indented one continues a list item.
    paragraphs: blocks.filter((block) => block !== '' && !/^[ \t]/.test(block) && !LIST_ITEM.test(block)).length,
    listItems: mrkdwnItems(mrkdwn),
    links: [...mrkdwn.matchAll(/<(https?:[^|>]+)(?:\|[^>]*)?>/g)].map((match) => unescapeAmp(match[1]!)),
    strong: count(mrkdwn, /\*[^*\n]+\*/g),
    em: count(mrkdwn, /(?<![\p{L}\p{N}])_[^_\n]+_(?![\p{L}\p{N}])/gu),
    del: count(mrkdwn, /~[^~\n]+~/g),
  };
}

const word = fc.stringMatching(/^[a-z]{1,8}$/);
const words = fc.array(word, { minLength: 1, maxLength: 3 }).map((list) => list.join(' '));
const inline = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 1, arbitrary: words.map((text) => `*${text}*`) },
  { weight: 1, arbitrary: words.map((text) => `_${text}_`) },
  { weight: 1, arbitrary: words.map((text) => `~${text}~`) },
  { weight: 1, arbitrary: fc.tuple(word, words).map(([path, label]) => `<https://acme.test/${path}|${label}>`) },
  { weight: 1, arbitrary: word.map((path) => `https://acme.test/${path}`) },
);
const lineText = fc.array(inline, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join(' '));
const line = fc.oneof(
  { weight: 3, arbitrary: lineText },
  { weight: 2, arbitrary: lineText.map((text) => `• ${text}`) },
  { weight: 1, arbitrary: lineText.map((text) => `- ${text}`) },
  { weight: 1, arbitrary: lineText.map((text) => `1. ${text}`) },
  { weight: 1, arbitrary: fc.constant('') },
);
const slackText = fc
  .array(line, { minLength: 1, maxLength: 8 })
  .map((lines) => lines.join('\n').trim())
  .filter((text) => text !== '');

const toPage = (text: string) => markdownToSafeHtml(slackTextToMarkdown(text));
const toChannel = (text: string) => updateTextAsMrkdwn('pagerduty', text);

describe('the channel draws an update with the structure its page has', () => {
  it.each([
    ['a typed link', 'Details in the <https://acme.test/pm|postmortem>.'],
    ['a line typed after a list', '• API\n• Dashboard\nBoth recovering.'],
    ['a paragraph after a list', '• API\n\nBoth recovering.'],
    ['a list after a paragraph', 'Affected:\n• API\n• Dashboard'],
    ['emphasis of each kind', '*bold* _italic_ ~gone~ and https://acme.test/x'],
  ])('%s', (_name, text) => {
    expect(mrkdwnStructure(toChannel(text))).toEqual(htmlStructure(toPage(text)));
  });

  it('for any Slack-formatted text', () => {
    fc.assert(
      fc.property(slackText, (text) => {
        expect(mrkdwnStructure(toChannel(text))).toEqual(htmlStructure(toPage(text)));
      }),
      { numRuns: 500 },
    );
  });

  it('a typed link is one link on both sides, never shown as raw text', () => {
    fc.assert(
      fc.property(word, words, (path, label) => {
        const text = `see <https://acme.test/${path}|${label}>`;
        expect(toChannel(text)).toBe(`see <https://acme.test/${path}|${label}>`);
        expect(htmlStructure(toPage(text)).links).toEqual([`https://acme.test/${path}`]);
      }),
    );
  });
});
