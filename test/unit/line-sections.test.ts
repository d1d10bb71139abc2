import { SECTION_TEXT_MAX_LENGTH } from '../../src/slack-kit/elements.js';
import { lineSections } from '../../src/slack-kit/line-sections.js';

const textOf = (section: { text?: { text: string } }) => section.text!.text;
const lines = (count: number) => Array.from({ length: count }, (_, i) => `• Service number ${i + 1}: ${'x'.repeat(60)}`);

describe('lineSections', () => {
  it('keeps a short list in one section under its heading', () => {
    const sections = lineSections('*Services*', lines(3), 5);
    expect(sections).toHaveLength(1);
    expect(textOf(sections[0]!)).toBe(['*Services*', ...lines(3)].join('\n'));
    expect(sections[0]!.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
  });

  it('packs a long list into at most maxSections sections, whole lines only, and counts the rest', () => {
    const all = lines(500);
    const sections = lineSections('*Services*', all, 3);
    expect(sections).toHaveLength(3);
    const texts = sections.map(textOf);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX_LENGTH);
    const shown = texts
      .join('\n')
      .split('\n')
      .filter((line) => line.startsWith('• '));
    expect(shown).toEqual(all.slice(0, shown.length));
    expect(texts.at(-1)).toMatch(new RegExp(`\\n…and ${all.length - shown.length} more$`));
  });

  it('with room for one section, cuts there', () => {
    const sections = lineSections('*Services*', lines(500), 1);
    expect(sections).toHaveLength(1);
    expect(textOf(sections[0]!)).toMatch(/^\*Services\*\n• Service number 1: /);
    expect(textOf(sections[0]!)).toMatch(/…and \d+ more$/);
  });
});
