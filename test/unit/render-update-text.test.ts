import fc from 'fast-check';
import { markdownToSafeHtml } from '../../src/text/markdown-to-html.js';
import { markdownToPlainText } from '../../src/text/markdown-to-plain-text.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

// One text, typed in Slack, rendered for each kind of page: markdown (DevHelm), safe HTML (PagerDuty),
// plain text (Statuspage). Slack's formatting survives in each; nothing typed becomes markup by accident.

const html = (text: string) => markdownToSafeHtml(slackTextToMarkdown(text));
const plain = (text: string) => markdownToPlainText(slackTextToMarkdown(text));

describe('slackTextToMarkdown', () => {
  it.each([
    ['*bold* _italic_ ~strike~', '**bold** _italic_ ~~strike~~'],
    ['see <https://acme.test/a?b=1|the page>', 'see [the page](https://acme.test/a?b=1)'],
    ['see <https://acme.test/x>', 'see <https://acme.test/x>'],
    ['bare https://acme.test/snake_case_path. Done', 'bare <https://acme.test/snake_case_path>. Done'],
    ['• one\n• two\n- three', '- one\n- two\n- three'],
    ['1. first\n2) second', '1. first\n2) second'],
    ['> quoted *bold*', '> quoted **bold**'],
    ['`x < y` and ```\nblock *not bold*\n```', '`x < y` and\n```\nblock *not bold*\n```'],
    ['<!channel> <@U123> <#C1|ops>', '\\<!channel\\> \\<@U123\\> \\<#C1|ops\\>'],
    ['# of users\n---\n2*3*4 snake_case [x](y) &copy;', '\\# of users\n\\---\n2\\*3\\*4 snake\\_case \\[x\\](y) \\&copy;'],
    ['*bold with <https://x.test|a link> inside*', '**bold with [a link](https://x.test) inside**'],
  ])('%j -> %j', (typed, markdown) => {
    expect(slackTextToMarkdown(typed)).toBe(markdown);
  });
});

describe('markdownToSafeHtml', () => {
  it('keeps formatting as HTML and typed markup as text', () => {
    expect(html('*Down*: <b>not bold</b> & <https://acme.test|status>\n• API\n• Web')).toBe(
      '<p><strong>Down</strong>: &lt;b&gt;not bold&lt;/b&gt; &amp; <a href="https://acme.test">status</a></p><ul><li>API</li><li>Web</li></ul>',
    );
  });

  it('links only to web and mail addresses', () => {
    expect(markdownToSafeHtml('[x](javascript:alert(1)) ![pic](https://acme.test/p.png) <div>hi</div>')).toBe(
      '<p>x pic &lt;div&gt;hi&lt;/div&gt;</p>',
    );
  });

  it('keeps code blocks as they were typed', () => {
    expect(html('```\nif (a < b) {\n  go();\n}\n```')).toBe('<pre><code>if (a &lt; b) {\n  go();\n}\n</code></pre>');
  });

  it('never lets typed text open a tag or an attribute', () => {
    // The tags markdown itself makes (headings, lists, tables, task-list boxes...); typed text must add none.
    const allowed =
      /<\/?(p|br|hr|strong|em|del|code|pre|ul|li|blockquote|h[1-6]|table|thead|tbody|tr|ol(?: start="\d+")?|(?:th|td)(?: align="(?:left|center|right)")?|input (?:checked="" )?disabled="" type="checkbox"|a href="[^"<>]*")>/g;
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '<',
            '>',
            '"',
            "'",
            '&',
            '*',
            '_',
            '~',
            '`',
            '|',
            'a',
            ' ',
            '\n',
            'h',
            ':',
            '/',
            '!',
            '[',
            ']',
            '(',
            ')',
            '#',
            '-',
            '1',
            '.',
          ),
        }),
        (typed) => {
          expect(html(typed).replace(allowed, '')).not.toMatch(/[<>]/);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('markdownToPlainText', () => {
  it('keeps what formatting means in words', () => {
    expect(
      plain('*Down*: see <https://acme.test/s|status> or <mailto:ops@acme.test|ops@acme.test>\n\n• API\n• Web\n\n1. one\n2. two\n> quoted'),
    ).toBe('Down: see status (https://acme.test/s) or ops@acme.test\n\n• API\n• Web\n\n1. one\n2. two\n\n> quoted');
  });

  it('shows typed markup and entities exactly as typed', () => {
    expect(plain('<b>"x"</b> & &amp; <!channel> 2*3*4 snake_case')).toBe('<b>"x"</b> & &amp; <!channel> 2*3*4 snake_case');
  });

  it('never loses words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('*', '_', '~', ''),
        (words, marker) => {
          const typed = words.map((word, i) => (i % 2 === 0 ? `${marker}${word}${marker}` : word)).join(' ');
          const shown = plain(typed);
          for (const word of words) expect(shown).toContain(word);
        },
      ),
      { numRuns: 200 },
    );
  });
});
