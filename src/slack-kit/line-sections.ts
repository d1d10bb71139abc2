import type { SectionBlock } from '@slack/types';
import { SECTION_TEXT_MAX_LENGTH, mrkdwnSection } from './elements.js';

// One-line-per-item lists ("• API: Partial outage") can outgrow a section, and a message or view has only so
// many blocks: the lines are packed into as few sections as they fit in, up to `maxSections`, and whatever
// does not fit is counted ("…and 3 more") instead of being cut mid-line or rejected by Slack.

/** Room kept free in each section for the "…and N more" line. */
const LINE_BUDGET = SECTION_TEXT_MAX_LENGTH - 40;

/** `heading` then `lines` (mrkdwn, already escaped) in at most `maxSections` sections. */
export function lineSections(heading: string, lines: readonly string[], maxSections: number): SectionBlock[] {
  const sections: string[] = [];
  let current = heading;
  let shown = 0;
  for (const line of lines) {
    if (current.length + 1 + line.length > LINE_BUDGET) {
      if (sections.length + 1 >= maxSections) break;
      sections.push(current);
      current = line;
    } else {
      current += `\n${line}`;
    }
    shown += 1;
  }
  if (shown < lines.length) current += `\n…and ${lines.length - shown} more`;
  sections.push(current);
  return sections.map((text) => mrkdwnSection(text, { verbatim: true }));
}
