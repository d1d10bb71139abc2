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
    expect(text).toContain('<https://status.acme.test/incidents/PINC1?a=1&amp;b=2|View on Acme status>');
    // The submission id is Herald's own: logs and the author's result view have it, the channel does not.
    expect(JSON.stringify(message)).not.toContain('sub-42');
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

  it('neutralises mentions typed anywhere by people or providers, and links everywhere but the message', () => {
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
    for (const token of ['<!channel>', '<!here>', '<@U1>', '<#C1>']) {
      expect(everything).not.toContain(token);
    }
    expect(everything).toContain('Heads up &lt;!channel&gt; &lt;!here&gt; &lt;@U1&gt;');
    // The message's link is a link on the page (PagerDuty renders it), so it is one here too; nowhere else.
    expect(everything.split('<https://evil.test|click>')).toHaveLength(2);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(message.blocks.filter((b) => b.type === 'header')).toHaveLength(1);
  });

  it('splits a long message over sections without losing a character', () => {
    const long = `${'Tom & Jerry <3 '.repeat(150).trim()}\n\n${'&'.repeat(750)}`.slice(0, 3000);
    const message = echo({ message: long });
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    // header, context, facts, then the message sections up to the impacted services
    const texts = message.blocks.slice(3).map((b) => (b.type === 'section' && b.text ? b.text.text : ''));
    const pieces = texts.slice(
      0,
      texts.findIndex((t) => t.startsWith('*Impacted services*')),
    );
    expect(pieces.length).toBeGreaterThan(1);
    // As the page shows it: the blank line is the paragraph break markdown reads.
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
    expect(allText(message.blocks)).toContain('Posted by <@U0AUTHOR>');
  });

  it('a maintenance echo says so', () => {
    const message = echo({ post: { ...draft.post, kind: 'maintenance' } });
    expect(message.blocks[0]).toMatchObject({ text: { text: ':hammer_and_wrench: API errors' } });
    expect(allText(message.blocks)).toContain('Maintenance update on');
  });
});

describe('the echo shows what the page shows', () => {
  it('a typed link is a link, as on PagerDuty, and never a raw `<…|…>` text', () => {
    const text = allText(echo({ message: 'Details in the <https://acme.test/pm|postmortem>.' }).blocks);
    expect(text).toContain('Details in the <https://acme.test/pm|postmortem>.');
    expect(text).not.toContain('&lt;https://');
  });

  it('a line typed after a list stays in the last item, where the page puts it', () => {
    const text = allText(echo({ message: '• API\n• Dashboard\nBoth recovering.' }).blocks);
    expect(text).toContain('• API\n• Dashboard\n  Both recovering.');
  });

  it('on a plain-text page (Statuspage), shows the words the page shows for a link', () => {
    const text = allText(echo({ provider: 'statuspage', message: 'See <https://acme.test/pm|postmortem>' }).blocks);
    expect(text).toContain('See postmortem (https://acme.test/pm)');
  });

  it('lists the services as the page shows them, not only those the update changed', () => {
    const components = [
      { id: 'PC1', label: 'API', state: 'major outage' },
      { id: 'PC2', label: 'Dashboard', state: 'Partial outage' },
    ];
    const text = allText(
      buildEchoMessage({ draft: { ...draft, impacts: [] }, userId: 'U0AUTHOR', publishedAt, submissionId: 'sub-42', now, components })
        .blocks,
    );
    expect(text).toContain('*Impacted services*\n• API: major outage\n• Dashboard: Partial outage');
    expect(text).not.toContain('No services marked as impacted');
  });

  it('compact, once the live summary carries the facts: what the update said, its status, who posted it', () => {
    const message = buildEchoMessage({ draft, userId: 'U0AUTHOR', publishedAt, submissionId: 'sub-42', now, compact: true });
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    const text = allText(message.blocks);
    expect(message.blocks.some((block) => block.type === 'header')).toBe(false);
    expect(text).toContain(':mega: *API errors* on *Acme status* (PagerDuty)\n*Status:* identified');
    expect(text).toContain('Rolling back the deploy.');
    expect(text).toContain('*Services changed*\n• API: major outage');
    expect(text).toContain('Posted by <@U0AUTHOR> · <https://status.acme.test/incidents/PINC1?a=1&amp;b=2|View on Acme status>');
    expect(text).not.toContain('Next update due');
    expect(JSON.stringify(message)).not.toContain('sub-42');
  });

  it('compact, the button to correct it is still there and a silent update says so', () => {
    const message = buildEchoMessage({
      draft: { ...draft, impacts: [], notifySubscribers: false },
      userId: 'U0AUTHOR',
      publishedAt,
      submissionId: 'sub-42',
      now,
      compact: true,
      correctable: true,
    });
    const text = allText(message.blocks);
    expect(text).toContain('Posted by <@U0AUTHOR> · Subscribers not notified');
    expect(text).not.toContain('Services changed');
    expect(message.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ value: 'sub-42' }] });
  });
});

describe('buildNotPostedNotice', () => {
  it('explains not_in_channel plainly and says the update itself went out', () => {
    const notice = buildNotPostedNotice({ draft, channelId: 'C0INC', reason: 'not_in_channel' });
    expect(notice.text).toContain("was published, but Herald couldn't post it in <#C0INC>");
    expect(notice.text).toContain('/invite @Herald');
    expect(notice.text).toContain('|View on Acme status>');
    expect(slackLimitViolations(notice as never, 'message')).toEqual([]);
  });

  it('names an unknown Slack error without letting it inject anything', () => {
    const notice = buildNotPostedNotice({ draft, channelId: 'C0INC', reason: '<!channel>' });
    expect(notice.text).toContain('Slack refused the message (`&lt;!channel&gt;`)');
  });
});
