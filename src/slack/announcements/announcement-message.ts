import type { KnownBlock } from '@slack/types';
import type { UpdateDraft } from '../../updates/draft.js';
import { isFinalStatus } from '../../updates/statuses.js';
import { channelMention, escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { contextLine, mrkdwnSection } from '../../slack-kit/elements.js';
import { statusPageLink } from '../../slack-kit/status-page-link.js';
import { updateTextAsMrkdwn } from '../../slack-kit/update-text.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import type { SlackMessage } from '../outcome/echo-message.js';

// The compact message an announcement channel gets for each published update (docs/announcements.md): what
// happened, the status, the first lines of what customers read, and two links: the status page and the incident
// channel, where the work goes on. Everything written by a person or a provider is escaped.

/** How much of the update's text an announcement quotes: the channel that wants all of it follows the link. */
const QUOTED_TEXT_MAX_LENGTH = 600;

export interface AnnouncementInput {
  draft: UpdateDraft;
  /** The incident channel the update was posted from. */
  incidentChannelId: string;
}

export function buildAnnouncementMessage({ draft, incidentChannelId }: AnnouncementInput): SlackMessage {
  const title = escapeMrkdwn(truncate(draft.post.title.replace(/\s+/g, ' ').trim(), 200));
  const page = escapeMrkdwn(truncate(draft.page.name, 200));
  const status = escapeMrkdwn(truncate(draft.status.label, 200));
  const head = `${icon(draft)} *${title}* on *${page}* (${providerDisplayName(draft.provider)}): ${what(draft)} · *${status}*`;
  const text = truncate(updateTextAsMrkdwn(draft.provider, draft.message), QUOTED_TEXT_MAX_LENGTH);
  const link = statusPageLink(draft);
  const links = [...(link ? [link] : []), `Incident channel: ${channelMention(incidentChannelId)}`];
  const blocks: KnownBlock[] = [mrkdwnSection(`${head}\n${quote(text)}`, { verbatim: true }), contextLine(links.join(' · '))];
  const fallback = `${draft.post.title} on ${draft.page.name}: ${what(draft)} (${draft.status.label})`;
  return { text: escapeMrkdwn(truncate(fallback.replace(/\s+/g, ' '), 300)), blocks };
}

/** Opened, resolved, or an update: the word an announcement channel scans for. */
function what(draft: UpdateDraft): string {
  const kind = draft.post.kind === 'incident' ? 'incident' : 'maintenance';
  if (draft.opening) return draft.post.kind === 'incident' ? 'incident opened' : 'maintenance scheduled';
  if (isFinalStatus(draft.status)) return draft.post.kind === 'incident' ? 'resolved' : 'maintenance completed';
  return `${kind} update`;
}

function icon(draft: UpdateDraft): string {
  if (isFinalStatus(draft.status) && !draft.opening) return ':white_check_mark:';
  return draft.post.kind === 'incident' ? ':mega:' : ':hammer_and_wrench:';
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
