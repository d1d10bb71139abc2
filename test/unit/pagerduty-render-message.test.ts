import { describe, expect, it } from '@jest/globals';
import { renderPagerDutyMessage } from '../../src/providers/pagerduty/render-message.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

/** What PagerDuty gets for text typed in Slack: converted once to markdown before the provider, then its HTML. */
const pagerDutyHtmlOf = (slackText: string) => renderPagerDutyMessage(slackTextToMarkdown(slackText));

describe('renderPagerDutyMessage', () => {
  it('escapes the five HTML-special characters', () => {
    expect(pagerDutyHtmlOf(`<b>"Tom" & 'Jerry'</b>`)).toBe('<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>');
  });

  it('parts paragraphs on blank lines and breaks single lines', () => {
    expect(pagerDutyHtmlOf('one\ntwo\r\n\r\n\n  \nthree  \n')).toBe('<p>one<br>two</p><p>three</p>');
  });

  it('renders nothing for blank text', () => {
    expect(pagerDutyHtmlOf(' \n\n ')).toBe('');
  });
});

describe('renderPagerDutyMessage keeps Slack formatting', () => {
  it('renders bold, italics, strike, code and links as HTML', () => {
    expect(pagerDutyHtmlOf('*Checkout* is _slow_, ~down~ `v2` see <https://status.acme.test|status>')).toBe(
      '<p><strong>Checkout</strong> is <em>slow</em>, <del>down</del> <code>v2</code> see <a href="https://status.acme.test">status</a></p>',
    );
  });

  it('renders typed lists as lists', () => {
    expect(pagerDutyHtmlOf('Affected:\n\n• API\n• Dashboard')).toBe('<p>Affected:</p><ul><li>API</li><li>Dashboard</li></ul>');
  });

  it('never lets a link run script', () => {
    expect(pagerDutyHtmlOf('<javascript:alert(1)|click>')).toBe('<p>&lt;javascript:alert(1)|click&gt;</p>');
  });
});
