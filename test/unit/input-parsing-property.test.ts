import fc from 'fast-check';
import { renderPagerDutyMessage } from '../../src/providers/pagerduty/render-message.js';
import { buildHelpMessage } from '../../src/slack/listeners/commands/help-message.js';
import { buildUpdateForm } from '../../src/slack/update-form/blocks/update-form.js';
import { parseCommandText } from '../../src/slack/listeners/commands/command-text.js';
import {
  decodeFormMetadata,
  FORM_METADATA_MAX_LENGTH,
  newFormMetadata,
  tryEncodeFormMetadata,
  type FormMetadata,
} from '../../src/slack/update-form/form-metadata.js';
import { escapeMrkdwn, mrkdwnLink, unescapeMrkdwn } from '../../src/slack-kit/mrkdwn.js';
import { FIELD_ERRORS, parseUpdateForm } from '../../src/slack/update-form/read-update-form.js';
import { MESSAGE_MAX_LENGTH } from '../../src/updates/draft.js';
import { picked, stage, submitted } from './support/form-fixtures.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Everything Slack hands Herald is typed by someone, or could be forged by someone holding the signing
// secret: these properties hold for any input fast-check can think of, not only the examples in the
// example-based tests next door.

/** Whitespace as people (and their keyboards) type it: spaces, tabs, newlines, no-break and em spaces. */
const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003'), maxLength: 6 });
const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== '' && !/\s/.test(text));

describe('slash-command text', () => {
  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(['open-form', 'help', 'link', 'unlink', 'timeline', 'templates', 'announce', 'unknown']).toContain(
          parseCommandText(text).kind,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('opens the form when nothing but whitespace is typed', () => {
    fc.assert(fc.property(whitespace, (text) => expect(parseCommandText(text)).toEqual({ kind: 'open-form' })));
  });

  it('reads "announce" in any case as the announcement channels modal', () => {
    for (const typed of ['announce', 'ANNOUNCE', ' Announce  channels']) expect(parseCommandText(typed)).toEqual({ kind: 'announce' });
  });

  it('shows the usage for "help" in any case, around any whitespace, whatever follows', () => {
    const help = fc.constantFrom('help', 'HELP', 'Help', 'hElP');
    fc.assert(
      fc.property(whitespace, help, fc.option(fc.tuple(fc.constantFrom(' ', '\n', '\t'), fc.string())), (before, typed, rest) => {
        const text = `${before}${typed}${rest ? rest[0] + rest[1] : ''}`;
        expect(parseCommandText(text)).toEqual({ kind: 'help' });
      }),
    );
  });

  it('names any other first word back exactly as typed, and the reply cannot ping or link anyone', () => {
    fc.assert(
      fc.property(whitespace, word, fc.string(), (before, first, rest) => {
        fc.pre(!['help', 'link', 'unlink', 'timeline', 'templates', 'announce', 'new'].includes(first.toLowerCase()));
        const parsed = parseCommandText(`${before}${first} ${rest}`);
        expect(parsed).toEqual({ kind: 'unknown', word: first });
        const reply = buildHelpMessage('/status-update', first).text;
        // Herald's own text has no control sequences, so none may appear at all: not `<!channel>`, not a link.
        expect(reply).not.toMatch(/[<>]/);
        // The word is quoted in a code span on the reply's first line, so the span must close where Herald closes it.
        expect(reply.split('\n')[0]?.match(/`/g)).toHaveLength(2);
      }),
      { numRuns: 500 },
    );
  });

  it('quotes a printable word back exactly as typed', () => {
    const printable = word.filter((text) => text.length <= 40 && !/[`\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(text));
    fc.assert(
      fc.property(printable, (first) => {
        expect(buildHelpMessage('/status-update', first).text).toContain(`\`${escapeMrkdwn(first)}\``);
      }),
      { numRuns: 300 },
    );
  });

  it('drops backticks from the quoted word, as they would close its code span early', () => {
    expect(buildHelpMessage('/status-update', '!`!').text).toContain('Herald does not know `!!`.');
  });
});

describe('view state (the submitted form)', () => {
  const view = buildUpdateForm(stage('ready'));
  const metadata = decodeFormMetadata(view.private_metadata!);
  const NOW = new Date('2024-05-01T12:00:00Z');
  const filled = (message: unknown, nextUpdate = '60') =>
    submitted(view, {
      [FORM_BLOCKS.status]: { selected_option: picked('identified', 'PST2') },
      [FORM_BLOCKS.severity]: { selected_option: picked('major', 'PSV2') },
      [FORM_BLOCKS.message]: { value: message },
      [FORM_BLOCKS.nextUpdate]: { selected_option: picked(nextUpdate, nextUpdate) },
    });

  it('keeps any message up to the limit exactly as typed, less surrounding whitespace', () => {
    fc.assert(
      fc.property(whitespace, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }), whitespace, (before, text, after) => {
        fc.pre(text.trim() !== '');
        const result = parseUpdateForm(filled(`${before}${text}${after}`), metadata, NOW);
        expect(result).toMatchObject({ ok: true, draft: { message: `${before}${text}${after}`.trim() } });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a blank or too long message with a field error on the message, never a throw', () => {
    const blank = whitespace;
    const tooLong = fc.integer({ min: MESSAGE_MAX_LENGTH + 1, max: MESSAGE_MAX_LENGTH + 5000 }).map((length) => 'a'.repeat(length));
    fc.assert(
      fc.property(fc.oneof(blank, tooLong), (message) => {
        const result = parseUpdateForm(filled(message), metadata, NOW);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(Object.keys(result.errors)).toContain(FORM_BLOCKS.message);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts only the "next update" values it offers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (value) => {
        const result = parseUpdateForm(filled('Rolling back.', value), metadata, NOW);
        const offered = ['none', '15', '30', '60', '120', '240'].includes(value);
        if (offered) expect(result.ok).toBe(true);
        else expect(result).toEqual({ ok: false, errors: { [FORM_BLOCKS.nextUpdate]: FIELD_ERRORS.unknownChoice } });
      }),
      { numRuns: 300 },
    );
  });
});

describe('private metadata', () => {
  // Names are only labels; long ones (over the 75 characters an option shows) must come up often.
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'grapheme', minLength: 60, maxLength: 120, size: 'max' }),
  );
  const id = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 });
  const url = fc.option(fc.webUrl(), { nil: null });
  const metadataArbitrary: fc.Arbitrary<FormMetadata> = fc
    .record({
      channelId: id,
      teamId: fc.option(id, { nil: null }),
      responseUrl: url,
      page: fc.option(fc.record({ provider: fc.constantFrom('pagerduty', 'devhelm', 'statuspage'), id, name: text, url }), { nil: null }),
      post: fc.option(fc.record({ id, title: text, kind: fc.constantFrom('incident', 'maintenance'), url }), { nil: null }),
      components: fc.array(fc.record({ id, name: text }), { maxLength: 15 }),
      capabilities: fc.option(fc.record({ severity: fc.boolean(), nextUpdate: fc.boolean(), reportedAt: fc.boolean() }), { nil: null }),
      submissionId: fc.option(fc.uuid(), { nil: null }),
    })
    .map(
      (fields) =>
        ({
          ...newFormMetadata({ channelId: fields.channelId, teamId: fields.teamId, responseUrl: fields.responseUrl }),
          ...fields,
        }) as FormMetadata,
    );

  it('decoding anything fails only with its own plain error, never another exception', () => {
    const anything = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      // A real encoding, tampered with: a character dropped, one inserted.
      fc.tuple(metadataArbitrary, fc.nat(), fc.string({ maxLength: 3 })).map(([metadata, at, insert]) => {
        const encoded = tryEncodeFormMetadata(metadata) ?? '{}';
        const cut = at % (encoded.length + 1);
        return encoded.slice(0, cut) + insert + encoded.slice(cut + 1);
      }),
    );
    fc.assert(
      fc.property(anything, (encoded) => {
        try {
          decodeFormMetadata(encoded);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^Form metadata is (not valid JSON|invalid)/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips within Slack's 3,000 characters: exactly when it fits, with every id kept when names had to shrink", () => {
    const names = (metadata: FormMetadata) => [
      metadata.page?.name ?? '',
      metadata.post?.title ?? '',
      ...metadata.components.map((component) => component.name),
    ];
    fc.assert(
      fc.property(metadataArbitrary, (metadata) => {
        const encoded = tryEncodeFormMetadata(metadata);
        if (encoded === null) return; // too many ids to fit at all: the form builder handles that case
        expect(encoded.length).toBeLessThanOrEqual(FORM_METADATA_MAX_LENGTH);
        const decoded = decodeFormMetadata(encoded);
        const fitsAsIs = JSON.stringify(metadata).length <= FORM_METADATA_MAX_LENGTH && names(metadata).every((name) => name.length <= 75);
        if (fitsAsIs) expect(decoded).toEqual(metadata);
        names(decoded).forEach((name, i) => {
          const original = names(metadata)[i]!;
          // Kept, or cut short with an ellipsis: never replaced by something else.
          if (name !== original) expect(name.endsWith('…') && original.startsWith(name.slice(0, -1))).toBe(true);
        });
        expect(decoded.channelId).toBe(metadata.channelId);
        expect(decoded.page?.id).toBe(metadata.page?.id);
        expect(decoded.post?.id).toBe(metadata.post?.id);
        expect(decoded.components.map((component) => component.id)).toEqual(metadata.components.map((component) => component.id));
        expect(decoded.submissionId).toBe(metadata.submissionId);
      }),
      { numRuns: 300 },
    );
  });
});

describe('escaping for Slack', () => {
  it('leaves no & that does not start one of the three entities, and unescapes back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(unescapeMrkdwn(escaped)).toBe(text);
      }),
    );
  });

  it('a link can never be broken out of: one token, its URL without control characters, its label escaped', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string()), fc.string(), (target, label) => {
        const link = mrkdwnLink(target, label);
        if (link.startsWith('<')) {
          expect(link).toMatch(/^<[^<>|]+\|[^<>]*>$/);
          expect(link.slice(link.indexOf('|') + 1, -1)).toBe(escapeMrkdwn(label));
        } else {
          expect(link).toBe(escapeMrkdwn(label));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('escaping for PagerDuty (HTML)', () => {
  /** Every tag the renderer may write, with the only attributes it may carry. */
  const SAFE_TAG =
    /^<\/?(?:p|br|strong|em|del|code|pre|ul|li|blockquote|hr|h[1-6]|table|thead|tbody|tr|th|td)>$|^<ol(?: start="\d+")?>$|^<\/ol>$|^<a href="(?:https?:|mailto:)[^"<>]*">$|^<\/a>$|^<input (?:checked="" )?disabled="" type="checkbox">$|^<t[hd] align="(?:left|center|right)">$/;
  /** Characters that mean something to Slack formatting or Markdown, to make the generator try them often. */
  const tricky = fc.constantFrom(
    '<',
    '>',
    '&',
    '"',
    "'",
    '*',
    '_',
    '~',
    '`',
    '|',
    '[',
    ']',
    '(',
    ')',
    '!',
    '#',
    '-',
    '1.',
    '\n',
    '\n\n',
    ' ',
    'javascript:',
    'https://x.test',
    '<script>',
    '&amp;',
    '<!channel>',
  );
  const messages = fc
    .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('writes only safe tags and attributes, and no bare < or & anywhere else', () => {
    fc.assert(
      fc.property(messages, (message) => {
        const html = renderPagerDutyMessage(message);
        for (const tag of html.match(/<[^>]*>?/g) ?? []) expect(tag).toMatch(SAFE_TAG);
        expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;|#\d+;|#x[0-9a-f]+;)/i);
        expect(html.toLowerCase()).not.toContain('href="javascript:');
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps plain words and HTML-special characters as text', () => {
    const plain = fc.array(fc.constantFrom('status', 'API', '5xx', 'a<b', 'x>y', 'Tom & Jerry', '"quoted"', "it's", '<div>', '</p>'), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(plain, (words) => {
        const html = renderPagerDutyMessage(words.join(' '));
        const text = html
          .replace(/<[^>]+>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(text).toBe(words.join(' '));
      }),
      { numRuns: 300 },
    );
  });
});
