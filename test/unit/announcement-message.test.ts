import { buildAnnouncementMessage } from '../../src/slack/announcements/announcement-message.js';
import type { UpdateDraft } from '../../src/updates/draft.js';
import { allText } from './support/form-fixtures.js';
import { slackLimitViolations } from './support/slack-limits.js';

const draft: UpdateDraft = {
  provider: 'pagerduty',
  page: { id: 'PSP1', name: 'Acme status', url: 'https://status.acme.test' },
  post: { id: 'PINC1', title: 'API errors', kind: 'incident', url: 'https://status.acme.test/incidents/PINC1' },
  status: { id: 'PST2', label: 'identified' },
  severity: { id: 'PSV2', label: 'major' },
  message: 'Rolling back the deploy.',
  impacts: [],
  notifySubscribers: true,
  nextUpdateMinutes: 30,
  reportedAt: null,
};

const announce = (overrides: Partial<UpdateDraft> = {}) =>
  buildAnnouncementMessage({ draft: { ...draft, ...overrides }, incidentChannelId: 'C0INCIDENT1' });

describe('buildAnnouncementMessage', () => {
  it('says what happened, quotes the update, and links the page and the incident channel', () => {
    const message = announce();
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    const text = allText(message.blocks);
    expect(text).toContain(':mega: *API errors* on *Acme status* (PagerDuty): incident update · *identified*');
    expect(text).toContain('> Rolling back the deploy.');
    expect(text).toContain('<https://status.acme.test/incidents/PINC1|View on Acme status>');
    expect(text).toContain('Incident channel: <#C0INCIDENT1>');
    expect(message.text).toBe('API errors on Acme status: incident update (identified)');
  });

  it('names an opening and a resolution, which announcement channels scan for', () => {
    const opening = { title: 'API errors', window: null };
    expect(allText(announce({ opening }).blocks)).toContain('incident opened');
    expect(allText(announce({ status: { id: 'resolved', label: 'Resolved' } }).blocks)).toContain(':white_check_mark: *API errors*');
    expect(allText(announce({ status: { id: 'resolved', label: 'Resolved' } }).blocks)).toContain('resolved · *Resolved*');
    const maintenance = { ...draft.post, kind: 'maintenance' as const };
    expect(allText(announce({ post: maintenance, opening: { title: 'DB upgrade', window: null } }).blocks)).toContain(
      'maintenance scheduled',
    );
  });

  it('escapes what people and providers wrote, so an announcement pings nobody and stays within Slack limits', () => {
    const message = announce({
      post: { ...draft.post, title: '<!channel> down & out' },
      page: { ...draft.page, name: '<@U0BOSS> status' },
      message: `<!here> ${'x'.repeat(5000)}`,
      status: { id: 's', label: '<!everyone>' },
    });
    const everything = JSON.stringify(message);
    expect(everything).not.toMatch(/<!(channel|here|everyone)>|<@U0BOSS>/);
    expect(everything).toContain('&lt;!channel&gt; down &amp; out');
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
  });
});
