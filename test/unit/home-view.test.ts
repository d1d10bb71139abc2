import { describe, expect, it } from '@jest/globals';
import type { HomeItem, HomeOverview } from '../../src/home/home-overview.js';
import { byUrgency, judgeUrgency } from '../../src/home/urgency.js';
import { buildHomeView } from '../../src/slack/home/home-view.js';

const MINUTE = 60_000;
const now = new Date('2026-03-01T12:00:00.000Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);

function item(title: string, overrides: Partial<HomeItem> = {}): HomeItem {
  return {
    provider: 'pagerduty',
    providerName: 'PagerDuty',
    page: { id: 'P1', name: 'Acme Status', url: null },
    post: { id: title, title, kind: 'incident', url: null },
    status: 'Investigating',
    channelIds: [],
    lastUpdate: null,
    nextDueAt: null,
    overdue: false,
    startsAt: null,
    ...overrides,
  };
}

describe('urgency', () => {
  it("takes the next-update time Herald's latest update set", () => {
    const urgency = judgeUrgency({ herald: { at: ago(20), nextUpdateMinutes: 15 }, page: null }, now, 60);
    expect(urgency).toEqual({ lastUpdate: { at: ago(20), by: 'herald' }, nextDueAt: ago(5), overdue: true });
  });

  it('falls back to HERALD_OVERDUE_MINUTES where the latest update set none, and prefers a newer update on the page', () => {
    expect(judgeUrgency({ herald: { at: ago(50), nextUpdateMinutes: null }, page: null }, now, 60).overdue).toBe(false);
    const page = judgeUrgency({ herald: { at: ago(200), nextUpdateMinutes: 240 }, page: { at: ago(70), nextUpdateMs: null } }, now, 60);
    expect(page).toEqual({ lastUpdate: { at: ago(70), by: 'page' }, nextDueAt: ago(10), overdue: true });
    // The page's record of Herald's own update, seconds later, is still Herald's (with its "Next update in").
    const same = judgeUrgency(
      { herald: { at: ago(70), nextUpdateMinutes: 240 }, page: { at: new Date(ago(70).getTime() + 2_000), nextUpdateMs: null } },
      now,
      60,
    );
    expect(same.lastUpdate?.by).toBe('herald');
    expect(same.overdue).toBe(false);
  });

  it("takes the interval an update posted on the page set (PagerDuty's update_frequency_ms)", () => {
    const urgency = judgeUrgency({ herald: null, page: { at: ago(20), nextUpdateMs: 15 * MINUTE } }, now, 60);
    expect(urgency).toEqual({ lastUpdate: { at: ago(20), by: 'page' }, nextDueAt: ago(5), overdue: true });
  });

  it('knows nothing is due when no update is known', () => {
    expect(judgeUrgency({ herald: null, page: null }, now, 60)).toEqual({ lastUpdate: null, nextDueAt: null, overdue: false });
  });

  it('orders overdue first, longest overdue first, then by due time, then unknown', () => {
    const items = [
      item('unknown'),
      item('due later', { nextDueAt: new Date(now.getTime() + 30 * MINUTE) }),
      item('overdue 5', { nextDueAt: ago(5), overdue: true }),
      item('due soon', { nextDueAt: new Date(now.getTime() + 5 * MINUTE) }),
      item('overdue 50', { nextDueAt: ago(50), overdue: true }),
    ];
    expect(items.sort(byUrgency).map((entry) => entry.post.title)).toEqual(['overdue 50', 'overdue 5', 'due soon', 'due later', 'unknown']);
  });
});

describe('Home tab view', () => {
  const overview = (open: HomeItem[], upcoming: HomeItem[] = []): HomeOverview => ({
    open,
    upcoming,
    unreadable: [],
    providerNames: ['PagerDuty'],
  });
  const input = { now, canPublish: true, publishingRestricted: false, messagesChannelId: 'D1', teamId: 'T1' };

  it('summarises what does not fit in 100 blocks instead of dropping it', () => {
    const open = Array.from({ length: 60 }, (_, i) => item(`Incident ${i + 1}`, i >= 55 ? { overdue: true, nextDueAt: ago(1) } : {}));
    const upcoming = [
      item('Window', {
        post: { id: 'w', title: 'Window', kind: 'maintenance', url: null },
        startsAt: new Date(now.getTime() + 60 * MINUTE),
      }),
    ];
    const view = buildHomeView({ ...input, overview: overview(open, upcoming) });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    const shown = open.filter((entry) => text.includes(`*${entry.post.title}*`)).length;
    expect(text).toContain(`*And ${61 - shown} more, 5 of them overdue*`);
    expect(text).toContain('Incident 60 (Acme Status)');
    expect(text).toContain('Window (Acme Status)');
  });

  it('escapes what the pages say, and shows no buttons to those who may not publish', () => {
    const view = buildHomeView({
      ...input,
      canPublish: false,
      publishingRestricted: true,
      overview: overview([item('<!channel> & co', { status: '<b>' })]),
    });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('&lt;!channel&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
    expect(view.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(text).toContain('publishing is restricted to HERALD_PUBLISHERS');
  });
});
