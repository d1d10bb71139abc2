import type { TimelineEntry } from '../../src/providers/provider.js';
import { buildTimelineMessage, type PageTimeline } from '../../src/slack/channel-links/timeline-message.js';
import { linkToOpenOn } from '../../src/slack/update-form/open-update-form.js';

// `/status-update timeline` for a channel linked to one page or several, and the incident the form opens on.

const NOW = new Date('2026-03-01T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const entry = (id: string, message: string, reportedAt: string | null, statusId: string | null = null): TimelineEntry => ({
  id,
  postId: 'P',
  message,
  statusId,
  reportedAt,
});

function page(name: string, entries: TimelineEntry[] | null, overrides: Partial<PageTimeline['link']> = {}): PageTimeline {
  return {
    link: {
      provider: 'pagerduty',
      page: { id: name, name, url: null },
      post: { id: `post-${name}`, title: `Incident on ${name}`, kind: 'incident', url: null },
      ...overrides,
    },
    entries,
    statusLabels: new Map([['S1', 'Monitoring']]),
  };
}

type Section = { type: string; text?: { text: string } };
const sections = (blocks: unknown[]) => (blocks as Section[]).filter((block) => block.type === 'section').map((block) => block.text!.text);

describe('buildTimelineMessage', () => {
  it('gives each linked page its own section, in link order, newest first within each', () => {
    const message = buildTimelineMessage(
      [
        page('Acme Status', [entry('a1', '<p>Older</p>', minutesAgo(120)), entry('a2', '<p>Newest &amp; best</p>', minutesAgo(5), 'S1')]),
        page('Acme Cloud', [entry('b1', 'Investigating', minutesAgo(30)), entry('b2', 'Identified', minutesAgo(10))], {
          provider: 'devhelm',
        }),
      ],
      NOW,
    );
    const [first, second] = sections(message.blocks);
    expect(first).toContain('Incident on Acme Status* on Acme Status (PagerDuty), newest first:');
    expect(first!.indexOf('Newest &amp; best')).toBeLessThan(first!.indexOf('Older'));
    expect(first).toContain('5 minutes ago* · Monitoring');
    expect(first).toContain('2 hours ago');
    expect(second).toContain('on Acme Cloud (DevHelm)');
    expect(second!.indexOf('Identified')).toBeLessThan(second!.indexOf('Investigating'));
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'divider', 'section']);
    expect(message.text).toContain('Acme Status');
    expect(message.text).toContain('Acme Cloud');
  });

  it('says which page could not be read and still shows the others', () => {
    const message = buildTimelineMessage([page('Down', null), page('Up', [])], NOW);
    const [down, up] = sections(message.blocks);
    expect(down).toContain('could not read this timeline');
    expect(up).toContain('No updates yet.');
  });

  it('escapes what the status page holds, and a single page keeps the short heading', () => {
    const message = buildTimelineMessage(
      [
        page('Ops <!channel>', [entry('x', '<p>Ping &lt;!channel&gt; &amp; &lt;script&gt;</p>', null)], {
          post: { id: 'P', title: 'A <b> & c', kind: 'incident', url: 'https://status.test/p?a=1&b=2' },
        }),
      ],
      NOW,
    );
    const [only] = sections(message.blocks);
    expect(only).toContain(
      '*A &lt;b&gt; &amp; c* on Ops &lt;!channel&gt;, newest first (<https://status.test/p?a=1&amp;b=2|View on Ops &lt;!channel&gt;>):',
    );
    expect(only).toContain('at an unknown time*: Ping &lt;!channel&gt; &amp; &lt;script&gt;');
    expect(only).not.toContain('<!channel>');
  });

  it('stays within Slack’s limits: 3,000 characters a section, 50 blocks a message', () => {
    const long = 'x'.repeat(2000);
    const many = Array.from({ length: 60 }, (_, index) => entry(`e${index}`, `${index} ${long}`, minutesAgo(index)));
    const pages = Array.from({ length: 30 }, (_, index) => page(`Page ${index}`, many));
    const message = buildTimelineMessage(pages, NOW);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const text of sections(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    const [first] = sections(message.blocks);
    expect(first).toMatch(/…and \d+ older updates\.$/);
    expect(first).toContain('• *0 seconds ago*: 0 xxx');
    expect(JSON.stringify(message.blocks.at(-1))).toContain('…and 6 more linked incidents');
    expect(message.text.length).toBeLessThanOrEqual(40_000);
  });

  it('puts entries without a time after the dated ones, in the provider’s order', () => {
    const message = buildTimelineMessage(
      [page('P', [entry('u1', 'undated one', null), entry('d1', 'dated', minutesAgo(1)), entry('u2', 'undated two', null)])],
      NOW,
    );
    const [only] = sections(message.blocks);
    expect(only!.indexOf('dated')).toBeLessThan(only!.indexOf('undated one'));
    expect(only!.indexOf('undated one')).toBeLessThan(only!.indexOf('undated two'));
  });
});

describe('linkToOpenOn', () => {
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

  it('opens on the incident Herald last sent an update to', () => {
    expect(linkToOpenOn(['pd', 'dh', 'sp'], [at(1), at(5), null])).toBe('dh');
  });

  it('opens on the first linked when Herald sent none, or on a tie', () => {
    expect(linkToOpenOn(['pd', 'dh'], [null, null])).toBe('pd');
    expect(linkToOpenOn(['pd', 'dh', 'sp'], [at(1), at(3), at(3)])).toBe('dh');
    expect(linkToOpenOn([], [])).toBeNull();
  });
});
