import type { KnownBlock, SectionBlock } from '@slack/types';
import { SECTION_TEXT_MAX_LENGTH } from '../../src/slack-kit/elements.js';
import { buildUnlinkChoices, linkName, UNLINK_ALL_VALUE } from '../../src/slack/channel-links/unlink-message.js';
import type { ChannelLink } from '../../src/updates/channel-link.js';

// `/status-update unlink` in a channel linked to several pages lists them all before the buttons: long titles
// and page names (escaped, so `&` grows fivefold) must not push one section past Slack's 3,000 characters,
// nor the message past its 50 blocks, or Slack rejects the whole answer and the responder sees nothing.

function link(i: number, length: number): ChannelLink {
  return {
    channelId: 'C0INCIDENT1',
    provider: 'pagerduty',
    page: { id: `PAGE${i}`, name: `Page ${i} ${'&'.repeat(length)}`, url: null },
    post: { id: `POST${i}`, title: `Incident ${i} ${'<b>'.repeat(length / 3)}`, kind: 'incident', url: null },
    linkedBy: 'U0RESPONDER',
    linkedAt: new Date('2026-03-01T10:00:00.000Z'),
  };
}

const sectionTexts = (blocks: KnownBlock[]) =>
  blocks.filter((block): block is SectionBlock => block.type === 'section').map((block) => block.text!.text);

describe('the unlink choices', () => {
  it('keeps a few short links in one section above the buttons', () => {
    const links = [link(1, 3), link(2, 3)];
    const { blocks } = buildUnlinkChoices(links, '/status-update');
    expect(sectionTexts(blocks)).toHaveLength(1);
    expect(sectionTexts(blocks)[0]).toContain(`• ${linkName(links[1]!)}`);
    expect(blocks.at(-1)!.type).toBe('actions');
  });

  it('spreads seven long links over sections Slack accepts, each link whole and in order', () => {
    const links = Array.from({ length: 7 }, (_, i) => link(i + 1, 200));
    expect(links.map((l) => `• ${linkName(l)}`).join('\n').length).toBeGreaterThan(SECTION_TEXT_MAX_LENGTH);

    const { blocks } = buildUnlinkChoices(links, '/status-update');
    const texts = sectionTexts(blocks);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX_LENGTH);
    const listed = texts
      .join('\n')
      .split('\n')
      .filter((line) => line.startsWith('• '));
    expect(listed).toEqual(links.map((l) => `• ${linkName(l)}`));
    expect(blocks.length).toBeLessThanOrEqual(50);
    const actions = blocks.at(-1) as { type: string; elements: { value: string }[] };
    expect(actions.type).toBe('actions');
    expect(actions.elements.map((element) => element.value).at(-1)).toBe(UNLINK_ALL_VALUE);
  });

  it('stays within 50 blocks however many links there are, counting those it cannot show', () => {
    const links = Array.from({ length: 120 }, (_, i) => link(i + 1, 200));
    const { blocks } = buildUnlinkChoices(links, '/status-update');
    expect(blocks.length).toBeLessThanOrEqual(50);
    const texts = sectionTexts(blocks);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX_LENGTH);
    expect(texts.at(-1)).toMatch(/…and \d+ more$/);
    const actions = blocks.at(-1) as { type: string; elements: unknown[] };
    expect(actions.elements.length).toBeLessThanOrEqual(25);
  });
});
