import type { KnownBlock, SectionBlock } from '@slack/types';
import { addMinutes, formatDistanceStrict } from 'date-fns';
import { awaitsPublish, type UpdateDraft } from '../../updates/draft.js';
import { isFinalStatus } from '../../updates/statuses.js';
import { channelMention, escapeMrkdwn, slackDate, splitMrkdwn, truncate, userMention } from '../../slack-kit/mrkdwn.js';
import { statusPageLink } from '../../slack-kit/status-page-link.js';
import { updateTextAsMrkdwn } from '../../slack-kit/update-text.js';
import { type ComponentState, componentsSetBy } from '../../summary/components-as-shown.js';
import { MESSAGE_MAX_BLOCKS, SECTION_TEXT_MAX_LENGTH, contextLine, header, mrkdwnSection } from '../../slack-kit/elements.js';
import { echoCorrectionBlocks, type EchoCorrection } from '../corrections/echo-correction.js';
import { lineSections } from '../../slack-kit/line-sections.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';

// The copy of a published update posted into the incident channel: what customers now read, and the facts
// around it. The text is drawn as the page shows it (update-text.ts): a typed link is a link, a line after a
// list sits where the page puts it. The services are the ones the page shows affected after the update
// (components-as-shown.ts), not only those the update changed. Everything a person or provider wrote is
// escaped, so an update quoting `<!channel>` pings nobody. No internal id is shown: the channel reads what
// customers read; submission ids stay in the logs and the author's result view.
//
// Two shapes, sharing the work with the live summary (see docs/echo.md). A channel's first update gets the
// full echo (status, severity, services, when the next update is due, the text): it is the only message that
// update makes, and it is its own summary. From the second update on, the live summary shows where things
// stand, so each echo is compact: what the update said, its status, the services it changed, who posted it.

export interface EchoMessageInput extends EchoCorrection {
  draft: UpdateDraft;
  userId: string;
  publishedAt: Date;
  /** The "Correct last update" button's value; never shown. */
  submissionId: string;
  now: Date;
  /** The services as the page shows them after the update; default: those the update set. */
  components?: readonly ComponentState[] | undefined;
  /** The channel's live summary shows where things stand: say only what this update said. */
  compact?: boolean | undefined;
  /** When the post became public, for a closing update's "public for…"; unknown: not said. */
  publicSince?: Date | null | undefined;
}

/** "Publish" on the echo of a post the page keeps as a draft (a DevHelm page in review mode); value: the submission id. */
export const PUBLISH_DRAFT_ACTION = 'publish_opened_draft';
export const PUBLISH_DRAFT_BLOCK_ID = 'publish_draft';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function buildEchoMessage(input: EchoMessageInput): SlackMessage {
  return { text: fallbackText(input.draft), blocks: input.compact ? compactBlocks(input) : fullBlocks(input) };
}

function fullBlocks(input: EchoMessageInput): KnownBlock[] {
  const { draft, userId, publishedAt, submissionId, now, components } = input;
  const head: KnownBlock[] = [
    header(`${icon(draft)} ${oneLine(draft.post.title)}`),
    contextLine(`${whatHappened(draft)} *${escapeMrkdwn(truncate(draft.page.name, 200))}* (${providerDisplayName(draft.provider)})`),
    { type: 'section', fields: factFields(draft, publishedAt, now) },
    ...messageSections(draft),
  ];
  const tail = [...publicFor(input), ...tailBlocks(draft, userId, submissionId, input, []), ...draftBlocks(draft, submissionId)];
  const shown = components ?? componentsSetBy(draft);
  return [...head, ...impactSections(shown, MESSAGE_MAX_BLOCKS - head.length - tail.length), ...tail];
}

function compactBlocks(input: EchoMessageInput): KnownBlock[] {
  const { draft, userId, submissionId } = input;
  const title = `*${escapeMrkdwn(truncate(oneLine(draft.post.title), 200))}*`;
  const where = `*${escapeMrkdwn(truncate(draft.page.name, 200))}* (${providerDisplayName(draft.provider)})`;
  const head: KnownBlock[] = [
    mrkdwnSection(`${icon(draft)} ${title} on ${where}\n*Status:* ${escapeMrkdwn(truncate(draft.status.label, 500))}`, {
      verbatim: true,
    }),
    ...messageSections(draft),
  ];
  const notices = draft.notifySubscribers ? [] : ['Subscribers not notified'];
  const tail = [...publicFor(input), ...tailBlocks(draft, userId, submissionId, input, notices), ...draftBlocks(draft, submissionId)];
  const changed = componentsSetBy(draft);
  const services =
    changed.length === 0 ? [] : componentSections('*Services changed*', changed, MESSAGE_MAX_BLOCKS - head.length - tail.length);
  return [...head, ...services, ...tail];
}

/** The link to the page, who posted it, and the correction line or button. */
function tailBlocks(draft: UpdateDraft, userId: string, submissionId: string, correction: EchoCorrection, notices: string[]): KnownBlock[] {
  const link = statusPageLink(draft);
  const credits = [`Posted by ${userMention(userId)}`, ...notices, ...(link ? [link] : [])];
  return [contextLine(credits.join(' · ')), ...echoCorrectionBlocks(correction, submissionId, providerDisplayName(draft.provider))];
}

/** "Opened on", "Scheduled on", "Drafted on" (not public yet), or an update's "Incident update on". */
function whatHappened(draft: UpdateDraft): string {
  const kind = draft.post.kind === 'incident' ? 'Incident' : 'Maintenance';
  if (!draft.opening) return `${kind} update on`;
  if (awaitsPublish(draft)) return `${kind} drafted on`;
  return draft.post.kind === 'incident' ? 'Opened on' : 'Maintenance scheduled on';
}

/** A closing update says how long the post was public, where Herald knows when it became so. */
function publicFor({ draft, publicSince, publishedAt }: EchoMessageInput): KnownBlock[] {
  if (!publicSince || !isFinalStatus(draft.status) || publicSince.getTime() > publishedAt.getTime()) return [];
  const kind = draft.post.kind === 'incident' ? 'incident' : 'maintenance';
  return [contextLine(`The ${kind} was public for ${formatDistanceStrict(publicSince, publishedAt)}.`)];
}

/** The page keeps the post private until someone publishes it: say so, with the button that does. */
function draftBlocks(draft: UpdateDraft, submissionId: string): KnownBlock[] {
  if (!awaitsPublish(draft)) return [];
  return [
    mrkdwnSection(`:lock: The page is in review mode: this ${draft.post.kind} is a draft customers do not see until someone publishes it.`),
    {
      type: 'actions',
      block_id: PUBLISH_DRAFT_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: PUBLISH_DRAFT_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: `Publish on ${truncate(providerDisplayName(draft.provider), 40)}` },
          value: submissionId,
        },
      ],
    },
  ];
}

function icon(draft: UpdateDraft): string {
  return draft.post.kind === 'incident' ? ':mega:' : ':hammer_and_wrench:';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fallbackText(draft: UpdateDraft): string {
  const title = truncate(oneLine(draft.post.title), 150);
  const page = truncate(oneLine(draft.page.name), 100);
  if (draft.opening) return escapeMrkdwn(`${whatHappened(draft)} ${page}: ${title} (${oneLine(draft.status.label)})`);
  return escapeMrkdwn(`Status update on ${page}: ${title} is ${oneLine(draft.status.label)}`);
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
  const window = draft.opening?.window;
  if (window) fields.push(field('Starts', slackDate(new Date(window.startsAt))), field('Ends', slackDate(new Date(window.endsAt))));
  return fields;
}

/** The whole message as the page shows it, split over as many sections as it takes: customers read all of it. */
function messageSections(draft: UpdateDraft): SectionBlock[] {
  const shown = updateTextAsMrkdwn(draft.provider, draft.message) || escapeMrkdwn(draft.message);
  return splitMrkdwn(shown, SECTION_TEXT_MAX_LENGTH).map((piece) => mrkdwnSection(piece, { verbatim: true }));
}

/** "• API: Partial outage" lines, packed into sections; past the room left, a count of the rest. */
function impactSections(components: readonly ComponentState[], room: number): SectionBlock[] {
  if (components.length === 0) return [mrkdwnSection('*Impacted services*\nNo services marked as impacted')];
  return componentSections('*Impacted services*', components, room);
}

function componentSections(heading: string, components: readonly ComponentState[], room: number): SectionBlock[] {
  const lines = components.map((c) => `• ${escapeMrkdwn(truncate(c.label, 200))}: ${escapeMrkdwn(truncate(c.state, 200))}`);
  return lineSections(heading, lines, room);
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
  const link = statusPageLink(draft);
  const text = `Your update to ${what} was published, but Herald couldn't post it in ${channel}. ${why}${link ? ` ${link}` : ''}`;
  return { text, blocks: [mrkdwnSection(text, { verbatim: true })] };
}
