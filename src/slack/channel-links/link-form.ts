import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { CatalogPage } from '../../providers/catalog.js';
import type { Post } from '../../providers/provider.js';
import { escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { linkName } from './unlink-message.js';
import {
  pageOptionText,
  pageOptionValue,
  parsePageOptionValue,
  parsePostOptionValue,
  postOption,
  postOptionValue,
} from '../update-form/blocks/form-choices.js';
import type { ChannelLink } from '../../updates/channel-link.js';
import { announcementPicker } from '../announcements/announcement-picker.js';

// The small modal `/status-update link` opens: one select of every open incident and maintenance, grouped
// by status page, so choosing the page and the incident is one pick.

export const LINK_FORM_CALLBACK_ID = 'channel_link_form';
export const LINK_FORM_BLOCKS = { post: 'link_post' } as const;
export const LINK_POST_SELECT_ACTION = 'link_post_select';

/** Slack's limits for a static select with groups. */
const MAX_GROUPS = 100;
const MAX_OPTIONS_PER_GROUP = 100;
const GROUP_LABEL_MAX_LENGTH = 75;

export interface LinkablePage {
  page: CatalogPage;
  posts: Post[];
}

export type LinkFormState =
  | { status: 'loading'; channelId: string }
  | {
      status: 'ready';
      channelId: string;
      pages: LinkablePage[];
      problems: string[];
      linked?: ChannelLink[];
      /** The channel's announcement channels so far: the picker starts with them. */
      announceChannels?: readonly string[];
    };

/** What the modal carries back on submit. */
export interface LinkFormMetadata {
  channelId: string;
}

export function buildLinkForm(state: LinkFormState): ModalView {
  const base = {
    type: 'modal' as const,
    callback_id: LINK_FORM_CALLBACK_ID,
    private_metadata: JSON.stringify({ channelId: state.channelId } satisfies LinkFormMetadata),
    title: { type: 'plain_text' as const, text: 'Link this channel' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
  };
  if (state.status === 'loading') {
    return { ...base, blocks: [section('Loading the open incidents…')] };
  }
  const pages = state.pages.filter((entry) => entry.posts.length > 0).slice(0, MAX_GROUPS);
  const blocks: KnownBlock[] = [
    section(
      "Herald will remember this incident for this channel: `/status-update` opens on it, `/status-update timeline` shows its updates, and reminders name it. A channel can be linked to one incident on each status page: an update to one of them is offered to the others too. Linking another incident on a page replaces that page's link.",
    ),
    ...(state.linked && state.linked.length > 0
      ? [section(truncate(`Linked now:\n${state.linked.map((link) => `• ${linkName(link)}`).join('\n')}`, 2900))]
      : []),
    ...state.problems.map((problem) => section(`:warning: ${escapeMrkdwn(problem)}`)),
  ];
  if (pages.length === 0) {
    blocks.push(section('There is no open incident or maintenance to link to.'));
    return { ...base, blocks };
  }
  blocks.push({
    type: 'input',
    block_id: LINK_FORM_BLOCKS.post,
    label: { type: 'plain_text', text: 'Incident' },
    element: {
      type: 'static_select',
      action_id: LINK_POST_SELECT_ACTION,
      placeholder: { type: 'plain_text', text: 'Choose an incident or maintenance' },
      option_groups: pages.map(({ page, posts }) => ({
        label: { type: 'plain_text', text: truncate(pageOptionText(page), GROUP_LABEL_MAX_LENGTH) },
        options: posts.slice(0, MAX_OPTIONS_PER_GROUP).map((post) => linkOption(page, post)),
      })),
    },
  });
  blocks.push(announcementPicker(state.announceChannels ?? []));
  return { ...base, submit: { type: 'plain_text', text: 'Link' }, blocks };
}

function linkOption(page: CatalogPage, post: Post): PlainTextOption {
  return { ...postOption(post, true), value: linkOptionValue(page, post) };
}

/** `provider:pageId|kind:postId`. */
export function linkOptionValue(page: Pick<CatalogPage, 'provider' | 'id'>, post: Pick<Post, 'kind' | 'id'>): string {
  return `${pageOptionValue(page)}|${postOptionValue(post)}`;
}

export function parseLinkOptionValue(
  value: string,
): { page: NonNullable<ReturnType<typeof parsePageOptionValue>>; post: NonNullable<ReturnType<typeof parsePostOptionValue>> } | null {
  const bar = value.indexOf('|');
  if (bar === -1) return null;
  const page = parsePageOptionValue(value.slice(0, bar));
  const post = parsePostOptionValue(value.slice(bar + 1));
  return page && post ? { page, post } : null;
}

export function parseLinkFormMetadata(encoded: string): LinkFormMetadata | null {
  try {
    const parsed = JSON.parse(encoded) as unknown;
    const channelId = (parsed as { channelId?: unknown } | null)?.channelId;
    return typeof channelId === 'string' && channelId !== '' ? { channelId } : null;
  } catch {
    return null;
  }
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
