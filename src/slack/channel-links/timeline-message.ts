import type { KnownBlock } from '@slack/types';
import { formatDistanceStrict } from 'date-fns';
import type { TimelineEntry } from '../../providers/provider.js';
import { escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { statusPageLink } from '../../slack-kit/status-page-link.js';
import { MESSAGE_MAX_BLOCKS, SECTION_TEXT_MAX_LENGTH, contextLine, mrkdwnSection } from '../../slack-kit/elements.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import type { ChannelLink } from '../../updates/channel-link.js';

// `/status-update timeline`: each linked incident's updates, one section per status page (in the order the
// pages were linked), newest first within each. A section holds a page's whole list, so however many pages
// and updates there are, the message keeps within a section's 3,000 characters and a message's 50 blocks.

/** One linked incident's timeline as read from its status page. */
export interface PageTimeline {
  link: Pick<ChannelLink, 'provider' | 'page' | 'post'>;
  /** The page's entries, in any order; null when the status page could not be read just now. */
  entries: TimelineEntry[] | null;
  /** Status ids to the page's own words for them (PagerDuty's statuses are opaque ids). */
  statusLabels: ReadonlyMap<string, string>;
}

const MAX_ENTRIES = 20;
const ENTRY_MAX_LENGTH = 300;
/** A section and a divider per page: 24 pages and the line saying how many more fit in 50 blocks. */
const MAX_PAGES = Math.floor((MESSAGE_MAX_BLOCKS - 1) / 2);
/** The notification text repeats the sections; Slack refuses a text past 40,000 characters. */
const TEXT_MAX_LENGTH = 12_000;

export function buildTimelineMessage(timelines: PageTimeline[], now: Date): { text: string; blocks: KnownBlock[] } {
  const sections = timelines.slice(0, MAX_PAGES).map((timeline) => pageSection(timeline, now, timelines.length > 1));
  const blocks: KnownBlock[] = sections.flatMap((text, index) => [
    ...(index > 0 ? [{ type: 'divider' } as const] : []),
    mrkdwnSection(text, { verbatim: true }),
  ]);
  const hidden = timelines.length - MAX_PAGES;
  if (hidden > 0) blocks.push(contextLine(`…and ${hidden} more linked ${hidden === 1 ? 'incident' : 'incidents'}, not shown here.`));
  return { text: truncate(sections.join('\n\n'), TEXT_MAX_LENGTH), blocks };
}

/** The page's heading and its entries, newest first, as many as fit in one section. */
function pageSection({ link, entries, statusLabels }: PageTimeline, now: Date, several: boolean): string {
  const postTitle = truncate(link.post.title, 200);
  const pageName = escapeMrkdwn(truncate(link.page.name, 200));
  const title = `*${escapeMrkdwn(postTitle)}*`;
  const where = several ? `${pageName} (${providerDisplayName(link.provider)})` : pageName;
  const pageLink = statusPageLink(link);
  const heading = `Timeline of ${title} on ${where}, newest first${pageLink ? ` (${pageLink})` : ''}:`;
  if (entries === null) return `${heading}\nHerald could not read this timeline from the status page just now. Try again in a moment.`;
  if (entries.length === 0) return `${heading}\nNo updates yet.`;

  const newest = newestFirst(entries);
  const lines = [heading];
  let length = heading.length;
  let shown = 0;
  for (const entry of newest.slice(0, MAX_ENTRIES)) {
    const line = entryLine(entry, statusLabels, now);
    // Room is kept for the closing "…and N older updates." line.
    if (length + 1 + line.length > SECTION_TEXT_MAX_LENGTH - 40) break;
    lines.push(line);
    length += 1 + line.length;
    shown += 1;
  }
  const older = newest.length - shown;
  if (older > 0) lines.push(`…and ${older} older ${older === 1 ? 'update' : 'updates'}.`);
  return lines.join('\n');
}

function entryLine(entry: TimelineEntry, statusLabels: ReadonlyMap<string, string>, now: Date): string {
  const when = entry.reportedAt ? formatDistanceStrict(new Date(entry.reportedAt), now, { addSuffix: true }) : 'at an unknown time';
  const status = entry.statusId ? (statusLabels.get(entry.statusId) ?? entry.statusId) : null;
  const text = truncate(plainText(entry.message), ENTRY_MAX_LENGTH);
  return `• *${escapeMrkdwn(when)}*${status ? ` · ${escapeMrkdwn(status)}` : ''}: ${escapeMrkdwn(text)}`;
}

/**
 * Newest first by when each was reported. Providers list their timelines newest first already, but not all
 * by the same clock (a late PagerDuty update keeps its real report time); entries without a time keep the
 * provider's order, after the dated ones.
 */
function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  const time = (entry: TimelineEntry) => (entry.reportedAt ? Date.parse(entry.reportedAt) : Number.NaN);
  return entries
    .map((entry, index) => ({ entry, index, at: time(entry) }))
    .sort((a, b) => {
      const aDated = !Number.isNaN(a.at);
      const bDated = !Number.isNaN(b.at);
      if (aDated !== bDated) return aDated ? -1 : 1;
      return (aDated && bDated ? b.at - a.at : 0) || a.index - b.index;
    })
    .map(({ entry }) => entry);
}

/** The provider's stored message (HTML for PagerDuty, markdown elsewhere) as plain text for one line. */
export function plainText(message: string): string {
  return message
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
