import fc from 'fast-check';
import {
  channelMention,
  escapeMrkdwn,
  mrkdwnLink,
  quotable,
  slackDate,
  splitMrkdwn,
  truncate,
  unescapeMrkdwn,
  userMention,
} from '../../src/slack-kit/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('neutralises mentions, broadcasts and links typed by a user', () => {
    expect(escapeMrkdwn('<!channel> ping <@U123> see <https://evil.test|bank> & co')).toBe(
      '&lt;!channel&gt; ping &lt;@U123&gt; see &lt;https://evil.test|bank&gt; &amp; co',
    );
  });

  it('escapes an already escaped entity again, so it renders literally', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('leaves everything else alone (formatting stays)', () => {
    expect(escapeMrkdwn('*bold* _it_ `code` @here :fire:')).toBe('*bold* _it_ `code` @here :fire:');
  });

  it('for any string: no < or > survives and unescaping gives the input back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(unescapeMrkdwn(escaped)).toBe(text);
      }),
    );
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to max with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 10)).toBe('abcdefghij');
    expect(truncate('abcdefghijk', 10)).toBe('abcdefghi…');
  });

  it('never splits an emoji in half', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it('for any string and max, the result fits and is a prefix plus "…"', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 80 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(cut).toBe(text);
        else expect(text.startsWith(cut.slice(0, -1)) && cut.endsWith('…')).toBe(true);
      }),
    );
  });
});

describe('splitMrkdwn', () => {
  it('prefers line breaks and keeps all the text', () => {
    const text = `${'a'.repeat(6)}\n${'b'.repeat(6)}\n${'c'.repeat(4)}`;
    expect(splitMrkdwn(text, 10)).toEqual(['aaaaaa\n', 'bbbbbb\n', 'cccc']);
  });

  it('never cuts an entity in two', () => {
    const pieces = splitMrkdwn(escapeMrkdwn('&'.repeat(20)), 12);
    for (const piece of pieces) expect(piece).toMatch(/^(&amp;)+$/);
  });

  it('for any escaped text: pieces fit, rejoin to the text, and hold whole entities', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 8, max: 60 }), (raw, max) => {
        const text = escapeMrkdwn(raw);
        const pieces = splitMrkdwn(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(piece).not.toMatch(/&(a|am|amp|l|lt|g|gt)?$/);
        }
      }),
    );
  });
});

describe('mrkdwnLink', () => {
  it('makes an http(s) link with an escaped label', () => {
    expect(mrkdwnLink('https://status.test/a?b=1&c=2', 'A <b>')).toBe('<https://status.test/a?b=1&amp;c=2|A &lt;b&gt;>');
  });

  it('percent-encodes what would end or split the link', () => {
    expect(mrkdwnLink('https://x.test/a|b>c<d', 'go')).toBe('<https://x.test/a%7Cb%3Ec%3Cd|go>');
  });

  it('renders other schemes as the plain label', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'go')).toBe('go');
    expect(mrkdwnLink('https://x.test/a b', 'go <now>')).toBe('go &lt;now&gt;');
  });
});

describe('mentions and dates', () => {
  it('mentions only well-formed ids', () => {
    expect(channelMention('C0123')).toBe('<#C0123>');
    expect(channelMention('C1>|<!channel')).toBe('C1&gt;|&lt;!channel');
    expect(userMention('U0123')).toBe('<@U0123>');
    expect(userMention('!channel')).toBe('!channel');
  });

  it('uses Slack date tokens with the ISO time as fallback', () => {
    expect(slackDate(new Date('2024-05-01T12:30:00Z'))).toBe('<!date^1714566600^{date_short_pretty} at {time}|2024-05-01T12:30:00.000Z>');
  });
});

describe('quotable', () => {
  it('drops control characters, escape sequences and bidirectional overrides, and backticks', () => {
    expect(quotable('a\u0000b\u001b[31mc\u007f\u0085d')).toBe('ab[31mcd');
    expect(quotable('\u202eevil\u202c\u2066word\u2069\u200f')).toBe('evilword');
    expect(quotable('`code`')).toBe('code');
    expect(quotable('line\u2028two')).toBe('linetwo');
  });

  it('shortens what is left to 40 characters', () => {
    const quoted = quotable('x'.repeat(5000));
    expect(quoted).toHaveLength(40);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('leaves no invisible or control character whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const quoted = quotable(text);
        expect(quoted.length).toBeLessThanOrEqual(40);
        expect(quoted).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}`]/u);
      }),
    );
  });
});
