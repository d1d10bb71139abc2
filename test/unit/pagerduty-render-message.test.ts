import { describe, expect, it } from '@jest/globals';
import { renderPagerDutyMessage } from '../../src/providers/pagerduty/render-message.js';

describe('renderPagerDutyMessage', () => {
  it('escapes the five HTML-special characters', () => {
    expect(renderPagerDutyMessage(`<b>"Tom" & 'Jerry'</b>`)).toBe(
      '<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>',
    );
  });

  it('parts paragraphs on blank lines and breaks single lines', () => {
    expect(renderPagerDutyMessage('one\ntwo\r\n\r\n\n  \nthree  \n')).toBe('<p>one<br>two</p><p>three</p>');
  });

  it('renders nothing for blank text', () => {
    expect(renderPagerDutyMessage(' \n\n ')).toBe('');
  });
});
