import type { KnownBlock, SectionBlock } from '@slack/types';
import type { IncidentSummary } from './incident-summaries.js';
import { escapeMrkdwn, slackDate, splitMrkdwn, truncate, userMention } from '../slack-kit/mrkdwn.js';
import { statusPageLink } from '../slack-kit/status-page-link.js';
import { updateTextAsMrkdwn } from '../slack-kit/update-text.js';
import { MESSAGE_MAX_BLOCKS, SECTION_TEXT_MAX_LENGTH, contextLine, header, mrkdwnSection } from '../slack-kit/elements.js';
import { providerDisplayName } from '../slack-kit/provider-names.js';

// The one message a channel keeps showing where each of its incidents stands: edited in place after every
// update, so it only says things that stay true while nobody touches it. Times are Slack date tokens (each
// reader's own time zone) rather than "in 20 minutes", which would be wrong a minute later. Everything a
// person or provider wrote is escaped, so an update quoting `<!channel>` pings nobody.

/** Marks the summary among the channel's messages (tests, and anyone reading the blocks). */
export const SUMMARY_HEADER_BLOCK_ID = 'herald_live_summary';

/** The last update's text is cut here (quoted, it may double: still under 3,000); the full text is in its echo. */
const LAST_UPDATE_MAX_LENGTH = 1400;
const COMPONENT_LINES_MAX_LENGTH = SECTION_TEXT_MAX_LENGTH - 40; // room for "…and N more"
const BLOCKS_PER_INCIDENT = 5;
/** Header, intro line, and the "older incidents not shown" line. */
const FRAME_BLOCKS = 3;
const DATE_FORMAT = '{date_short_pretty} at {time}';

export interface SummaryMessageInput {
  /** Newest first, as summariseIncidents returns them. */
  incidents: readonly IncidentSummary[];
}

export interface SummaryMessage {
  text: string;
  blocks: KnownBlock[];
}

export function buildSummaryMessage({ incidents }: SummaryMessageInput): SummaryMessage {
  const room = Math.floor((MESSAGE_MAX_BLOCKS - FRAME_BLOCKS) / BLOCKS_PER_INCIDENT);
  const shown = incidents.slice(0, room);
  const hidden = incidents.length - shown.length;
  const blocks: KnownBlock[] = [
    { ...header(':pushpin: Incident summary'), block_id: SUMMARY_HEADER_BLOCK_ID },
    contextLine('Where things stand, as published on the status page. Herald keeps this message up to date after every update.'),
    ...shown.flatMap(incidentBlocks),
  ];
  if (hidden > 0) blocks.push(contextLine(`…and ${hidden} older ${hidden === 1 ? 'incident' : 'incidents'} not shown`));
  return { text: fallbackText(shown[0]), blocks };
}

function fallbackText(newest: IncidentSummary | undefined): string {
  if (!newest) return 'Incident summary';
  const title = truncate(oneLine(newest.post.title), 150);
  return escapeMrkdwn(`Incident summary: ${title} is ${truncate(oneLine(newest.status.label), 100)}`);
}

function incidentBlocks(incident: IncidentSummary): KnownBlock[] {
  const kind = incident.post.kind === 'incident' ? 'Incident' : 'Maintenance';
  const icon = incident.closed ? ':white_check_mark:' : incident.post.kind === 'incident' ? ':rotating_light:' : ':hammer_and_wrench:';
  const title = `*${escapeMrkdwn(truncate(oneLine(incident.post.title), 200))}*`;
  const where = `${kind} on *${escapeMrkdwn(truncate(incident.page.name, 200))}* (${providerDisplayName(incident.provider)})`;
  const link = statusPageLink(incident);
  return [
    { type: 'divider' },
    mrkdwnSection(`${icon} ${title}\n${where}${link ? ` · ${link}` : ''}`, { verbatim: true }),
    { type: 'section', fields: factFields(incident) },
    mrkdwnSection(componentLines(incident), { verbatim: true }),
    mrkdwnSection(lastUpdateText(incident), { verbatim: true }),
  ];
}

function factFields(incident: IncidentSummary): SectionBlock['fields'] {
  const field = (name: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${name}*\n${value}`, verbatim: true });
  const fields = [field('Status', escapeMrkdwn(truncate(incident.status.label, 500)))];
  if (incident.severity) fields.push(field('Severity', escapeMrkdwn(truncate(incident.severity.label, 500))));
  fields.push(field('Last update', slackDate(incident.lastUpdate.publishedAt, DATE_FORMAT)));
  fields.push(field('Next update due', nextUpdateText(incident)));
  return fields;
}

function nextUpdateText(incident: IncidentSummary): string {
  if (incident.closed) return `None: ${escapeMrkdwn(truncate(incident.status.label.trim().toLowerCase(), 100))}`;
  return incident.nextUpdateDue ? slackDate(incident.nextUpdateDue, DATE_FORMAT) : 'Not set';
}

/** "• API: Partial outage" for each component, cut with a count of the rest where the section ends. */
function componentLines(incident: IncidentSummary): string {
  if (incident.components.length === 0) return '*Services*\nNone marked as impacted';
  let text = '*Services*';
  let shown = 0;
  for (const component of incident.components) {
    const line = `• ${escapeMrkdwn(truncate(component.label, 200))}: ${escapeMrkdwn(truncate(component.state, 200))}`;
    if (text.length + 1 + line.length > COMPONENT_LINES_MAX_LENGTH) break;
    text += `\n${line}`;
    shown += 1;
  }
  const rest = incident.components.length - shown;
  return rest > 0 ? `${text}\n…and ${rest} more` : text;
}

function lastUpdateText(incident: IncidentSummary): string {
  // As the page shows it (links, lists), split rather than truncated: a cut never lands inside `&amp;`, a link
  // or an emoji.
  const shown = updateTextAsMrkdwn(incident.provider, incident.lastUpdate.message);
  const pieces = splitMrkdwn(shown, LAST_UPDATE_MAX_LENGTH);
  const message = pieces.length > 1 ? `${pieces[0]!.trimEnd()}…` : pieces[0]!;
  const count = incident.updateCount === 1 ? '1 update' : `${incident.updateCount} updates`;
  return `*Last update* (by ${userMention(incident.lastUpdate.userId)}, ${count} so far)\n${quote(message)}`;
}

/** Each line as a mrkdwn quote, so the update reads as a quotation of what customers saw. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
