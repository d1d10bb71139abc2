import { formatDistanceStrict } from 'date-fns';
import type { TimelineEntry } from '../../providers/provider.js';
import type { ChannelLink } from '../../store/channel-store.js';
import { escapeMrkdwn, mrkdwnLink, truncate } from '../mrkdwn.js';

// `/status-update timeline`: the linked incident's updates, newest first, as plain text in mrkdwn.

const MAX_ENTRIES = 20;
const ENTRY_MAX_LENGTH = 300;

export function buildTimelineMessage(
  link: Pick<ChannelLink, 'page' | 'post'>,
  entries: TimelineEntry[],
  statusLabels: ReadonlyMap<string, string>,
  now: Date,
): { text: string } {
  const title = link.post.url ? mrkdwnLink(link.post.url, link.post.title) : `*${escapeMrkdwn(link.post.title)}*`;
  const lines = [`Timeline of ${title} on ${escapeMrkdwn(link.page.name)}, newest first:`];
  if (entries.length === 0) lines.push('No updates yet.');
  for (const entry of entries.slice(0, MAX_ENTRIES)) {
    const when = entry.reportedAt ? formatDistanceStrict(new Date(entry.reportedAt), now, { addSuffix: true }) : 'at an unknown time';
    const status = entry.statusId ? (statusLabels.get(entry.statusId) ?? entry.statusId) : null;
    const text = truncate(plainText(entry.message), ENTRY_MAX_LENGTH);
    lines.push(`• *${escapeMrkdwn(when)}*${status ? ` · ${escapeMrkdwn(status)}` : ''}: ${escapeMrkdwn(text)}`);
  }
  if (entries.length > MAX_ENTRIES) lines.push(`…and ${entries.length - MAX_ENTRIES} older updates.`);
  return { text: lines.join('\n') };
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
