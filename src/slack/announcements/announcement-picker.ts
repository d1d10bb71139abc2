import type { InputBlock, ModalView } from '@slack/types';
import { channelMention } from '../../slack-kit/mrkdwn.js';
import { contextLine, mrkdwnSection } from '../../slack-kit/elements.js';

// The channel picker for announcement channels, in the link form and in the modal `/status-update announce`
// opens. A conversations picker needs no extra scope, where reading typed channel names would: Slack resolves
// the names in the user's client and sends only the ids.

export const ANNOUNCE_BLOCK_ID = 'announce_channels';
export const ANNOUNCE_SELECT_ACTION = 'announce_channels_select';
export const ANNOUNCE_FORM_CALLBACK_ID = 'announce_channels_form';
/** Slack's limit on a multi-select's picks is 100; a handful is what an announcement list is. */
export const MAX_ANNOUNCE_CHANNELS = 10;

/** The optional picker, with the channels chosen so far. */
export function announcementPicker(current: readonly string[]): InputBlock {
  return {
    type: 'input',
    block_id: ANNOUNCE_BLOCK_ID,
    optional: true,
    label: { type: 'plain_text', text: 'Also announce in' },
    hint: {
      type: 'plain_text',
      text: 'Every update, opening and resolution is also posted here, compact, with links to the status page and this channel.',
    },
    element: {
      type: 'multi_conversations_select',
      action_id: ANNOUNCE_SELECT_ACTION,
      placeholder: { type: 'plain_text', text: 'Choose channels' },
      filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true },
      max_selected_items: MAX_ANNOUNCE_CHANNELS,
      ...(current.length > 0 ? { initial_conversations: current.slice(0, MAX_ANNOUNCE_CHANNELS) } : {}),
    },
  };
}

/** The picked channel ids from a submitted view; [] when none were picked. */
export function pickedAnnouncementChannels(values: Record<string, Record<string, { selected_conversations?: string[] }>>): string[] {
  const picked = values[ANNOUNCE_BLOCK_ID]?.[ANNOUNCE_SELECT_ACTION]?.selected_conversations ?? [];
  return [...new Set(picked.filter((id) => typeof id === 'string' && /^[CG][A-Z0-9]+$/.test(id)))].slice(0, MAX_ANNOUNCE_CHANNELS);
}

/** The modal `/status-update announce` opens. `defaults`: HERALD_ANNOUNCE_CHANNELS, always announced in. */
export function buildAnnounceForm(channelId: string, current: readonly string[], defaults: readonly string[]): ModalView {
  const everywhere =
    defaults.length > 0
      ? [contextLine(`Every incident is also announced in ${defaults.map(channelMention).join(', ')} (set by the workspace).`)]
      : [];
  return {
    type: 'modal',
    callback_id: ANNOUNCE_FORM_CALLBACK_ID,
    private_metadata: JSON.stringify({ channelId }),
    title: { type: 'plain_text', text: 'Announcement channels' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      mrkdwnSection(`Updates posted from ${channelMention(channelId)} are also announced in the channels chosen here.`),
      announcementPicker(current),
      ...everywhere,
    ],
  };
}

export function parseAnnounceFormMetadata(encoded: string): { channelId: string } | null {
  try {
    const channelId = (JSON.parse(encoded) as { channelId?: unknown } | null)?.channelId;
    return typeof channelId === 'string' && /^[CGD][A-Z0-9]+$/.test(channelId) ? { channelId } : null;
  } catch {
    return null;
  }
}
