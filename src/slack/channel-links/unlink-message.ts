import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { plainText } from '../../slack-kit/elements.js';
import { pageOptionValue } from '../update-form/blocks/form-choices.js';
import { lineSections } from '../../slack-kit/line-sections.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';
import type { ChannelLink } from '../../updates/channel-link.js';

// What `/status-update unlink` answers: what was unlinked, or, for a channel linked to several pages, which
// one to forget (a button each, and one for all of them).

export const UNLINK_PAGE_ACTION = 'unlink_linked_page';
/** The value of the "Unlink all" button; the others carry `provider:pageId`. */
export const UNLINK_ALL_VALUE = 'all';
const UNLINK_ACTIONS_BLOCK_ID = 'unlink_choices';
/** Slack's limit of elements in one actions block, with one kept for "Unlink all". */
const MAX_PAGE_BUTTONS = 24;
/** Slack's limit of 50 blocks in a message, less the actions block. */
const MAX_LIST_SECTIONS = 49;

/** "*Elevated API errors* on Acme Status (PagerDuty)". */
export function linkName(link: ChannelLink): string {
  return `*${escapeMrkdwn(truncate(link.post.title, 200))}* on ${escapeMrkdwn(truncate(link.page.name, 200))} (${providerDisplayName(link.provider)})`;
}

export function unlinkedText(removed: ChannelLink[], left: ChannelLink[]): string {
  const names = removed.map(linkName);
  const what = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  const remaining = left.length === 0 ? '' : ` It is still linked to ${left.map(linkName).join(', ')}.`;
  return `This channel is no longer linked to ${what}. Herald will not remind it about ${removed.length === 1 ? 'that incident' : 'those incidents'} any more.${remaining}`;
}

export function notLinkedText(command: string): string {
  return `This channel is not linked to an incident. Link it with \`${command} link\`.`;
}

export function buildUnlinkChoices(links: ChannelLink[], command: string): { text: string; blocks: KnownBlock[] } {
  const text = `This channel is linked to ${links.length} incidents, one per status page. Which should it forget? (\`${command} unlink all\` forgets them all.)`;
  return {
    text,
    blocks: [
      // A few long names outgrow one section: packed into as many as they need, within the message's blocks.
      ...lineSections(
        text,
        links.map((link) => `• ${linkName(link)}`),
        MAX_LIST_SECTIONS,
      ),
      {
        type: 'actions',
        block_id: UNLINK_ACTIONS_BLOCK_ID,
        elements: [
          ...links.slice(0, MAX_PAGE_BUTTONS).map((link) => ({
            type: 'button' as const,
            action_id: `${UNLINK_PAGE_ACTION}:${pageOptionValue({ provider: link.provider, id: link.page.id })}`.slice(0, 255),
            text: plainText(`Unlink ${link.page.name}`, 75),
            value: pageOptionValue({ provider: link.provider, id: link.page.id }),
          })),
          {
            type: 'button' as const,
            action_id: `${UNLINK_PAGE_ACTION}:${UNLINK_ALL_VALUE}`,
            text: plainText('Unlink all', 75),
            style: 'danger' as const,
            value: UNLINK_ALL_VALUE,
          },
        ],
      },
    ],
  };
}
