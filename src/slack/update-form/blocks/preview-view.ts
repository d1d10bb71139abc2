import type { KnownBlock, ModalView } from '@slack/types';
import type { UpdateDraft } from '../../../updates/draft.js';
import { slackTextToMarkdown } from '../../../text/slack-text-to-markdown.js';
import type { FormMetadata } from '../form-metadata.js';
import { channelMention, escapeMrkdwn, slackDate, splitMrkdwn, truncate } from '../../../slack-kit/mrkdwn.js';
import { keptText } from '../../corrections/correction-form.js';
import { SECTION_TEXT_MAX_LENGTH, contextLine, mrkdwnSection, viewLabel } from '../../../slack-kit/elements.js';
import { lineSections } from '../../../slack-kit/line-sections.js';
import { markdownToMrkdwn } from '../../../slack-kit/markdown-to-mrkdwn.js';
import { PAGE_TEXT_FORMATS } from '../../../slack-kit/update-text.js';
import { providerDisplayName } from '../../../slack-kit/provider-names.js';
import { nextUpdateLabel } from './update-form.js';
import {
  FORM_BLOCKS,
  PREVIEW_VIEW_CALLBACK_ID,
  impactBlockId,
  isMessageBlockId,
  severityBlockId,
  statusBlockId,
} from './update-form-ids.js';

// "Preview": pushed over the form, read-only. The message as the status page will show it (plain text where
// the page shows plain text; the page's formatting drawn in Slack where it renders markdown or HTML, with the
// exact text sent below), the status, severity and notification, and each service's change. Closing it goes
// back to the form, everything typed still there (Slack keeps the view under a pushed one as it was).

/** The service list's share of the view: a few sections, so the message and its details always fit too. */
const SERVICE_SECTIONS_MAX = 5;

export interface PreviewInput {
  draft: UpdateDraft;
  /** The message exactly as the provider will store it (Provider.renderMessage). */
  rendered: string;
  /** Component id -> label of its status now; null when the page's current state could not be read. */
  currentState: ReadonlyMap<string, string> | null;
  /** The provider lists every impact on every update (PagerDuty): there is no "before" to show. */
  listsEveryImpact: boolean;
  /** Where the update goes in Slack: the incident channel, and each announcement channel (docs/announcements.md). */
  destinations?: { incidentChannelId: string; announceChannels: readonly string[] };
}

export function buildPreviewView({ draft, rendered, currentState, listsEveryImpact, destinations }: PreviewInput): ModalView {
  const provider = providerDisplayName(draft.provider);
  const format = PAGE_TEXT_FORMATS[draft.provider];
  const title = `*${escapeMrkdwn(truncate(draft.post.title, 200))}*`;
  const page = `*${escapeMrkdwn(truncate(draft.page.name, 200))}* (${provider})`;
  const blocks: KnownBlock[] = [
    contextLine(
      draft.opening
        ? `How ${page} will show the new ${draft.post.kind} ${title}. Nothing is published until you press ${draft.post.kind === 'incident' ? 'Open' : 'Schedule'}.`
        : `How ${title} on ${page} will show this update. Nothing is published until you press Publish.`,
    ),
    { type: 'section', fields: facts(draft) },
    mrkdwnSection(`*The message, as ${provider} shows it*`),
  ];
  if (format === 'plain') {
    blocks.push(
      ...keptText(rendered),
      contextLine(`${provider} shows plain text: formatting is kept in words, links as "text (address)".`),
    );
  } else {
    const drawn = markdownToMrkdwn(slackTextToMarkdown(draft.message));
    blocks.push(...splitMrkdwn(drawn || ' ', SECTION_TEXT_MAX_LENGTH).map((piece) => mrkdwnSection(piece, { verbatim: true })));
    blocks.push(mrkdwnSection(`*Sent to ${provider} as ${format === 'html' ? 'HTML' : 'markdown'}*`));
    blocks.push(...codeSections(rendered));
  }
  blocks.push(...serviceSections(draft, currentState, listsEveryImpact));
  if (destinations) blocks.push(destinationsLine(draft, destinations));
  return previewView(blocks);
}

/** Every place the update will go, so nobody is surprised by where it shows up. */
function destinationsLine(
  draft: UpdateDraft,
  { incidentChannelId, announceChannels }: NonNullable<PreviewInput['destinations']>,
): KnownBlock {
  const places = [
    `the status page *${escapeMrkdwn(truncate(draft.page.name, 200))}*`,
    draft.notifySubscribers ? 'its subscribers, notified' : 'subscribers not notified',
    `the incident channel ${channelMention(incidentChannelId)}`,
    ...announceChannels.map((id) => `the announcement channel ${channelMention(id)}`),
  ];
  return contextLine(truncate(`*Goes to:* ${places.join(' · ')}`, 2000));
}

/** The form cannot be previewed yet: what to fix, in plain words. The form underneath keeps everything typed. */
export function buildPreviewProblemsView(errors: Record<string, string>, metadata: FormMetadata | null): ModalView {
  const lines = Object.entries(errors).map(
    ([blockId, message]) => `• *${escapeMrkdwn(fieldName(blockId, metadata))}:* ${escapeMrkdwn(message)}`,
  );
  return previewView([
    mrkdwnSection(':warning: *Not ready to preview yet.* Fix these in the form, then press Preview again:'),
    mrkdwnSection(truncate(lines.join('\n'), SECTION_TEXT_MAX_LENGTH), { verbatim: true }),
    contextLine('Close this to go back to the form: everything you typed is still there.'),
  ]);
}

const FIELD_NAMES: Record<string, string> = {
  form: 'The form',
  [FORM_BLOCKS.page]: 'Status page',
  [FORM_BLOCKS.post]: 'Incident or maintenance',
  [FORM_BLOCKS.status]: 'Status',
  [FORM_BLOCKS.severity]: 'Severity',
  [FORM_BLOCKS.message]: 'Message',
  [FORM_BLOCKS.bulkComponents]: 'Services',
  [FORM_BLOCKS.bulkImpact]: 'Impact',
  [FORM_BLOCKS.notify]: 'Subscribers',
  [FORM_BLOCKS.nextUpdate]: 'Next update in',
  [FORM_BLOCKS.reportedAt]: 'Reported at',
  [FORM_BLOCKS.kind]: 'Incident or maintenance',
  [FORM_BLOCKS.title]: 'Title',
  [FORM_BLOCKS.windowStart]: 'Starts',
  [FORM_BLOCKS.windowEnd]: 'Ends',
  [statusBlockId('maintenance')]: 'Status',
  [severityBlockId('maintenance')]: 'Severity',
};

function fieldName(blockId: string, metadata: FormMetadata | null): string {
  if (isMessageBlockId(blockId)) return 'Message';
  // A status or title a template filled sits at `<id>:<revision>`.
  const named = FIELD_NAMES[blockId] ?? FIELD_NAMES[blockId.replace(/:\d+$/, '')];
  if (named) return named;
  const component = metadata?.components.find((c) => impactBlockId(c.id) === blockId);
  return component ? truncate(component.name, 200) : 'A field';
}

function facts(draft: UpdateDraft) {
  const field = (name: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${name}*\n${value}`, verbatim: true });
  const fields = [field('Status', escapeMrkdwn(truncate(draft.status.label, 500)))];
  if (draft.severity) fields.push(field('Severity', escapeMrkdwn(truncate(draft.severity.label, 500))));
  fields.push(field('Notify subscribers', draft.notifySubscribers ? 'yes' : 'no'));
  fields.push(field('Next update in', draft.nextUpdateMinutes === null ? 'none' : nextUpdateLabel(draft.nextUpdateMinutes)));
  if (draft.reportedAt !== null) fields.push(field('Reported at', slackDate(new Date(draft.reportedAt))));
  const window = draft.opening?.window;
  if (window) {
    fields.push(field('Starts', slackDate(new Date(window.startsAt))), field('Ends', slackDate(new Date(window.endsAt))));
  }
  return fields;
}

/** The exact text sent, in code blocks (nothing in it is read as formatting), split, never cut. */
function codeSections(text: string): KnownBlock[] {
  // A ``` inside would end the block early; a zero-width joiner between the backticks keeps them as text.
  const safe = escapeMrkdwn(text).replace(/```/g, '`\u200d`\u200d`');
  return splitMrkdwn(safe, SECTION_TEXT_MAX_LENGTH - 8).map((piece) => mrkdwnSection(`\`\`\`${piece}\`\`\``, { verbatim: true }));
}

/** "• API: Operational → Partial outage", packed into a few sections; past that, a count of the rest. */
function serviceSections(draft: UpdateDraft, currentState: ReadonlyMap<string, string> | null, listsEveryImpact: boolean): KnownBlock[] {
  if (draft.impacts.length === 0) {
    return [mrkdwnSection(`*Services*\n${listsEveryImpact ? 'No services marked as impacted' : 'No service changes'}`)];
  }
  const lines = draft.impacts.map(({ component, impact }) => {
    const name = escapeMrkdwn(truncate(component.label, 200));
    const after = escapeMrkdwn(truncate(impact.label, 200));
    if (listsEveryImpact) return `• ${name}: ${after}`;
    const before = currentState?.get(component.id);
    return `• ${name}: ${before ? escapeMrkdwn(truncate(before, 200)) : 'current status unknown'} → *${after}*`;
  });
  const heading = listsEveryImpact ? '*Services this update lists*' : '*Service changes* (now → after publishing)';
  return lineSections(heading, lines, SERVICE_SECTIONS_MAX);
}

function previewView(blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: PREVIEW_VIEW_CALLBACK_ID,
    title: viewLabel('Preview'),
    close: viewLabel('Back to the form'),
    blocks,
  };
}
