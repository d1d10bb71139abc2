import { buildEchoMessage, buildNotPostedNotice } from '../../src/slack/outcome/echo-message.js';
import { unescapeMrkdwn } from '../../src/slack-kit/mrkdwn.js';
import type { UpdateDraft } from '../../src/updates/draft.js';
import { allText } from './support/form-fixtures.js';
import { slackLimitViolations } from './support/slack-limits.js';

const publishedAt = new Date('2024-05-01T12:00:00Z');
const now = new Date('2024-05-01T12:00:05Z');

const draft: UpdateDraft = {
  provider: 'pagerduty',
  page: { id: 'PSP1', name: 'Acme status', url: 'https://status.acme.test' },
  post: { id: 'PINC1', title: 'API errors', kind: 'incident', url: 'https://status.acme.test/incidents/PINC1?a=1&b=2' },
  status: { id: 'PST2', label: 'identified' },
  severity: { id: 'PSV2', label: 'major' },
  message: 'Rolling back the deploy.',
  impacts: [{ component: { id: 'PC1', label: 'API' }, impact: { id: 'PIM2', label: 'major outage' } }],
  notifySubscribers: true,
  nextUpdateMinutes: 30,
  reportedAt: null,
};

function echo(overrides: Partial<UpdateDraft> = {}) {
  return buildEchoMessage({ draft: { ...draft, ...overrides }, userId: 'U0AUTHOR', publishedAt, submissionId: 'sub-42', now });
}

describe('buildEchoMessage', () => {
  it('shows the update and everything around it', () => {
    const message = echo();
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    const text = allText(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: ':mega: API errors' } });
    expect(text).toContain('Incident update on *Acme status* (PagerDuty)');
    expect(text).toContain('*Status*\nidentified');
    expect(text).toContain('*Severity*\nmajor');
    expect(text).toContain('Rolling back the deploy.');
    expect(text).toContain('• API: major outage');
    expect(text).toContain('*Subscribers notified*\nyes');
    expect(text).toContain('*Next update due*\nin 30 minutes (<!date^1714566600^{date_short_pretty} at {time}|2024-05-01T12:30:00.000Z>)');
    expect(text).not.toContain('Reported at');
    expect(text).toContain('Posted by <@U0AUTHOR>');
    expect(text).toContain('Submission `sub-42`');
    expect(text).toContain('<https://status.acme.test/incidents/PINC1?a=1&amp;b=2|View on Acme status>');
    expect(message.text).toBe('Status update on Acme status: API errors is identified');
  });

  it('says when nothing is impacted, no severity, no next update, and the back-dated time', () => {
    const text = allText(
      echo({ impacts: [], severity: null, notifySubscribers: false, nextUpdateMinutes: null, reportedAt: '2024-05-01T11:40:00.000Z' })
        .blocks,
    );
    expect(text).toContain('No services marked as impacted');
    expect(text).not.toContain('Severity');
    expect(text).not.toContain('Next update');
    expect(text).toContain('*Subscribers notified*\nno');
    expect(text).toContain('*Reported at*\n<!date^1714563600^{date_short_pretty} at {time}|2024-05-01T11:40:00.000Z>');
  });

  it('links to the page when the post has no address, and to nothing when neither has', () => {
    expect(allText(echo({ post: { ...draft.post, url: null } }).blocks)).toContain('<https://status.acme.test|View on Acme status>');
    const none = allText(echo({ post: { ...draft.post, url: null }, page: { ...draft.page, url: null } }).blocks);
    expect(none).not.toContain('View on');
  });

  it('neutralises mentions and links typed anywhere by people or providers', () => {
    const hostile = '<!channel> <!here> <@U1> <#C1> <https://evil.test|click>';
    const message = echo({
      message: `Heads up ${hostile}`,
      post: { ...draft.post, title: `Title ${hostile}` },
      page: { ...draft.page, name: `Page ${hostile}` },
      status: { id: 'x', label: `Status ${hostile}` },
      severity: { id: 'y', label: `Severity ${hostile}` },
      impacts: [{ component: { id: 'c', label: `Comp ${hostile}` }, impact: { id: 'i', label: `Impact ${hostile}` } }],
    });
    // every mrkdwn text, and the fallback text; the header is plain_text, where Slack parses nothing
    const everything = `${message.text}\n${allText(message.blocks.filter((b) => b.type !== 'header'))}`;
    for (const token of ['<!channel>', '<!here>', '<@U1>', '<#C1>', '<https://evil.test|click>']) {
      expect(everything).not.toContain(token);
    }
    expect(everything).toContain('Heads up &lt;!channel&gt; &lt;!here&gt; &lt;@U1&gt;');
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(message.blocks.filter((b) => b.type === 'header')).toHaveLength(1);
  });

  it('splits a long message over sections without losing a character', () => {
    const long = `${'Tom & Jerry <3 '.repeat(150)}\n${'&'.repeat(750)}`.slice(0, 3000);
    const message = echo({ message: long });
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    // header, context, facts, then the message sections up to the impacted services
    const texts = message.blocks.slice(3).map((b) => (b.type === 'section' && b.text ? b.text.text : ''));
    const pieces = texts.slice(
      0,
      texts.findIndex((t) => t.startsWith('*Impacted services*')),
    );
    expect(pieces.length).toBeGreaterThan(1);
    expect(unescapeMrkdwn(pieces.join(''))).toBe(long);
  });

  it('stays within 50 blocks with hundreds of impacted services, counting the rest', () => {
    const impacts = Array.from({ length: 2000 }, (_, i) => ({
      component: { id: `c${i}`, label: `Service ${i} ${'n'.repeat(100)}` },
      impact: { id: 'i', label: 'partial outage' },
    }));
    const message = echo({ impacts, message: '&'.repeat(3000) });
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(message.blocks)).toMatch(/…and \d+ more/);
    expect(allText(message.blocks)).toContain('Submission `sub-42`');
  });

  it('a maintenance echo says so', () => {
    const message = echo({ post: { ...draft.post, kind: 'maintenance' } });
    expect(message.blocks[0]).toMatchObject({ text: { text: ':hammer_and_wrench: API errors' } });
    expect(allText(message.blocks)).toContain('Maintenance update on');
  });
});

describe('buildNotPostedNotice', () => {
  it('explains not_in_channel plainly and says the update itself went out', () => {
    const notice = buildNotPostedNotice({ draft, channelId: 'C0INC', reason: 'not_in_channel' });
    expect(notice.text).toContain("was published, but Herald couldn't post it in <#C0INC>");
    expect(notice.text).toContain('/invite @Herald');
    expect(notice.text).toContain('|View it on the status page>');
    expect(slackLimitViolations(notice as never, 'message')).toEqual([]);
  });

  it('names an unknown Slack error without letting it inject anything', () => {
    const notice = buildNotPostedNotice({ draft, channelId: 'C0INC', reason: '<!channel>' });
    expect(notice.text).toContain('Slack refused the message (`&lt;!channel&gt;`)');
  });
});
