import type { InputBlock, PlainTextOption } from '@slack/types';
import { keepsLinks, type FormMetadata } from '../form-metadata.js';
import { truncate } from '../../../slack-kit/mrkdwn.js';
import { plainText } from '../../../slack-kit/elements.js';
import { OPTION_TEXT_MAX_LENGTH, option } from './form-choices.js';
import { linkOptionValue } from '../../channel-links/link-form.js';
import { providerDisplayName } from '../../../slack-kit/provider-names.js';

// The form's part about the channel's links. On a linked incident, when the channel is linked to incidents on
// other pages too: "Also publish to", each of them ticked. On an incident the channel is not linked to:
// "Remember this incident for this channel". Neither when the channel's links are not known.

export const LINKED_PAGES_BLOCKS = { alsoPublish: 'also_publish', remember: 'remember_link' } as const;
export const LINKED_PAGES_ACTIONS = { alsoPublish: 'also_publish_checkboxes', remember: 'remember_link_checkbox' } as const;
export const REMEMBER_OPTION_VALUE = 'remember';

/** Slack's limit of options in one checkboxes element. */
const CHECKBOXES_MAX_OPTIONS = 10;

type Link = NonNullable<FormMetadata['links']>[number];

/** The form's page is this link's page. */
export function isSamePage(link: Pick<Link, 'provider' | 'pageId'>, page: NonNullable<FormMetadata['page']>): boolean {
  return link.provider === page.provider && link.pageId === page.id;
}

/** The linked incidents on other pages an update to the form's post also goes to; empty when it is not linked. */
export function otherLinkedPages(metadata: FormMetadata): Link[] {
  const { links, page, post } = metadata;
  if (!links || !page || !post) return [];
  const linked = links.some((link) => isSamePage(link, page) && link.postId === post.id && link.postKind === post.kind);
  return linked ? links.filter((link) => !isSamePage(link, page)).slice(0, CHECKBOXES_MAX_OPTIONS) : [];
}

/** `encoded`: the form's private_metadata, which may have given the links up to fit (then neither block). */
export function linkedPagesBlocks(metadata: FormMetadata, encoded?: string): InputBlock[] {
  const { links, page, post } = metadata;
  if (!links || !page || !post) return [];
  if (encoded !== undefined && !keepsLinks(encoded)) return [];
  const linked = links.some((link) => isSamePage(link, page) && link.postId === post.id && link.postKind === post.kind);
  if (linked) {
    const others = otherLinkedPages(metadata).map(linkOption);
    if (others.length === 0) return [];
    return [
      {
        type: 'input',
        block_id: LINKED_PAGES_BLOCKS.alsoPublish,
        optional: true,
        label: plainText('Also publish to'),
        hint: plainText(
          'This channel is linked to these incidents too. Each gets the same message in its own page’s status; services change only on the page above.',
        ),
        element: { type: 'checkboxes', action_id: LINKED_PAGES_ACTIONS.alsoPublish, options: others, initial_options: others },
      },
    ];
  }
  const replaced = links.find((link) => isSamePage(link, page));
  const remember: PlainTextOption = {
    ...option('Remember this incident for this channel', REMEMBER_OPTION_VALUE),
    description: plainText(
      replaced ? `Replaces the link to ${replaced.postTitle}` : '/status-update will open on it; reminders name it',
      OPTION_TEXT_MAX_LENGTH,
    ),
  };
  return [
    {
      type: 'input',
      block_id: LINKED_PAGES_BLOCKS.remember,
      optional: true,
      label: plainText('Channel link'),
      element: { type: 'checkboxes', action_id: LINKED_PAGES_ACTIONS.remember, options: [remember] },
    },
  ];
}

/** Its value names the incident too: a page linked to another incident meanwhile is refused, not sent to it. */
function linkOption(link: Link): PlainTextOption {
  const suffix = ` · ${truncate(link.pageName, 30)} (${providerDisplayName(link.provider)})`;
  const value = linkOptionValue({ provider: link.provider, id: link.pageId }, { kind: link.postKind, id: link.postId });
  return option(truncate(link.postTitle, OPTION_TEXT_MAX_LENGTH - suffix.length) + suffix, value);
}
