import type { KnownBlock, SectionBlock } from '@slack/types';
import { addMinutes, formatDistanceStrict } from 'date-fns';
import type { UpdateDraft } from '../../updates/draft.js';
import { channelMention, escapeMrkdwn, mrkdwnLink, slackDate, splitMrkdwn, truncate, userMention } from '../../slack-kit/mrkdwn.js';
import { MESSAGE_MAX_BLOCKS, SECTION_TEXT_MAX_LENGTH, contextLine, header, mrkdwnSection } from '../../slack-kit/elements.js';
import { echoCorrectionBlocks, type EchoCorrection } from '../corrections/echo-correction.js';
import { lineSections } from '../../slack-kit/line-sections.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';

// The copy of a published update posted into the incident channel: what customers now read, and the facts
// around it (status, impact, who posted, when the next update is due). Everything a person or provider wrote
// is escaped, so an update quoting `<!channel>` pings nobody.

export interface EchoMessageInput extends EchoCorrection {
  draft: UpdateDraft;
  userId: string;
  publishedAt: Date;
  submissionId: string;
  now: Date;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function buildEchoMessage({ draft, userId, publishedAt, submissionId, now, ...correction }: EchoMessageInput): SlackMessage {
  const kind = draft.post.kind === 'incident' ? 'Incident' : 'Maintenance';
  const link = linkTo(draft, `View on ${escapeMrkdwn(draft.page.name)}`);
  const head: KnownBlock[] = [
    header(`${draft.post.kind === 'incident' ? ':mega:' : ':hammer_and_wrench:'} ${oneLine(draft.post.title)}`),
    contextLine(`${kind} update on *${escapeMrkdwn(truncate(draft.page.name, 200))}* (${providerDisplayName(draft.provider)})`),
    { type: 'section', fields: factFields(draft, publishedAt, now) },
    ...messageSections(draft.message),
  ];
  const tail: KnownBlock[] = [
    ...(link ? [mrkdwnSection(link)] : []),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `Posted by ${userMention(userId)}` },
        { type: 'mrkdwn', text: `Submission \`${escapeMrkdwn(truncate(submissionId, 200))}\`` },
      ],
    },
    ...echoCorrectionBlocks(correction, submissionId, providerDisplayName(draft.provider)),
  ];
  const impacts = impactSections(draft.impacts, MESSAGE_MAX_BLOCKS - head.length - tail.length);
  return { text: fallbackText(draft), blocks: [...head, ...impacts, ...tail] };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fallbackText(draft: UpdateDraft): string {
  const title = truncate(oneLine(draft.post.title), 150);
  const page = truncate(oneLine(draft.page.name), 100);
  return escapeMrkdwn(`Status update on ${page}: ${title} is ${oneLine(draft.status.label)}`);
}

function linkTo(draft: UpdateDraft, label: string): string | null {
  const url = draft.post.url ?? draft.page.url;
  if (!url) return null;
  const link = mrkdwnLink(url, label);
  // mrkdwnLink falls back to the bare label for anything that is not an http(s) URL: no link then.
  return link.startsWith('<') ? link : null;
}

function factFields(draft: UpdateDraft, publishedAt: Date, now: Date): SectionBlock['fields'] {
  const field = (name: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${name}*\n${value}`, verbatim: true });
  const fields = [field('Status', escapeMrkdwn(truncate(draft.status.label, 500)))];
  if (draft.severity) fields.push(field('Severity', escapeMrkdwn(truncate(draft.severity.label, 500))));
  fields.push(field('Subscribers notified', draft.notifySubscribers ? 'yes' : 'no'));
  if (draft.nextUpdateMinutes !== null) {
    const due = addMinutes(publishedAt, draft.nextUpdateMinutes);
    fields.push(field('Next update due', `${formatDistanceStrict(due, now, { addSuffix: true })} (${slackDate(due)})`));
  }
  if (draft.reportedAt !== null) fields.push(field('Reported at', slackDate(new Date(draft.reportedAt))));
  return fields;
}

/** The whole message, escaped and split over as many sections as it takes: customers read all of it. */
function messageSections(message: string): SectionBlock[] {
  return splitMrkdwn(escapeMrkdwn(message), SECTION_TEXT_MAX_LENGTH).map((piece) => mrkdwnSection(piece, { verbatim: true }));
}

/** "• API: Partial outage" lines, packed into sections; past the room left, a count of the rest. */
function impactSections(impacts: UpdateDraft['impacts'], room: number): SectionBlock[] {
  if (impacts.length === 0) return [mrkdwnSection('*Impacted services*\nNo services marked as impacted')];
  const lines = impacts.map((i) => `• ${escapeMrkdwn(truncate(i.component.label, 200))}: ${escapeMrkdwn(truncate(i.impact.label, 200))}`);
  return lineSections('*Impacted services*', lines, room);
}

/** Why the channel did not get its copy, in words, with the Slack error as a clue. */
const NOT_POSTED_REASONS: Record<string, (channel: string) => string> = {
  not_in_channel: (c) => `Herald is not a member of ${c}. Add it with \`/invite @Herald\` and later updates will be posted there.`,
  channel_not_found: (c) => `Herald can't see ${c}: it is private and Herald has not been added to it.`,
  is_archived: (c) => `${c} is archived.`,
  restricted_action: (c) => `The workspace or channel settings don't let Herald post in ${c}.`,
};

export function buildNotPostedNotice({
  draft,
  channelId,
  reason,
}: {
  draft: UpdateDraft;
  channelId: string;
  reason: string;
}): SlackMessage {
  const channel = channelMention(channelId);
  const why = NOT_POSTED_REASONS[reason]?.(channel) ?? `Slack refused the message (\`${escapeMrkdwn(truncate(reason, 100))}\`).`;
  const what = `*${escapeMrkdwn(truncate(draft.post.title, 200))}* on *${escapeMrkdwn(truncate(draft.page.name, 200))}*`;
  const link = linkTo(draft, 'View it on the status page');
  const text = `Your update to ${what} was published, but Herald couldn't post it in ${channel}. ${why}${link ? ` ${link}` : ''}`;
  return { text, blocks: [mrkdwnSection(text, { verbatim: true })] };
}
