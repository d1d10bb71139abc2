import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { contextLine, plainText } from '../../../slack-kit/elements.js';
import { escapeMrkdwn, truncate } from '../../../slack-kit/mrkdwn.js';
import type { FormMetadata } from '../form-metadata.js';
import { optionsTarget } from '../form-options.js';
import {
  LAST_UPDATE_ACTION,
  MESSAGE_OFFER_BLOCK_ID,
  MESSAGE_TOOLS_BLOCK_ID,
  REPLACE_MESSAGE_ACTION,
  TEMPLATE_SELECT_ACTION,
} from './update-form-ids.js';

// What the form offers to start the message from: a template of the workspace, or the incident's last public
// update. Neither may cost the user what they typed. An empty message box is filled at once; one with text keeps
// it, and the text offered is shown under the select with a "Replace the message" button, so replacing takes a
// deliberate second click and nothing is overwritten by a stray pick (a confirmation dialog on the select could
// not tell an empty box from a full one: the form only learns what was typed when an action fires).

/** Where text offered for the message comes from: the value of "Replace the message", read back when it is clicked. */
export type MessageSource = { kind: 'template'; templateId: string } | { kind: 'last_update' };

/** Text offered for a message that already has some. */
export interface MessageOffer {
  source: MessageSource;
  /** What it is, for people: `Template "Investigating"`, `The last update`. */
  label: string;
  text: string;
}

const OFFER_TEXT_MAX_LENGTH = 2900;

export function messageSourceValue(source: MessageSource): string {
  return source.kind === 'last_update' ? 'last_update' : `template:${source.templateId}`;
}

/** The source a "Replace the message" button names; null for a value Herald did not write. */
export function parseMessageSourceValue(value: string | undefined): MessageSource | null {
  if (value === 'last_update') return { kind: 'last_update' };
  if (value?.startsWith('template:') && value.length > 'template:'.length) return { kind: 'template', templateId: value.slice(9) };
  return null;
}

/**
 * The "Template" select and, on an incident with an update published through Herald, "Start from the last
 * update". The select is external: its options are the workspace's templates for the kind of post, read from
 * the store when the user opens it, so the form itself never waits on them (and they need no room in the
 * private_metadata). Shown once the form knows what kind of post it is about.
 */
export function messageToolsBlocks(metadata: FormMetadata, offer: MessageOffer | null): KnownBlock[] {
  const target = optionsTarget(metadata);
  if (!target || !metadata.teamId) return [];
  const elements: ActionsBlock['elements'] = [
    {
      type: 'external_select',
      action_id: TEMPLATE_SELECT_ACTION,
      placeholder: plainText(`Template for ${target.kind === 'incident' ? 'an incident' : 'a maintenance'}`, 150),
      min_query_length: 0,
    },
  ];
  if (metadata.hasLastUpdate && !target.opening) {
    elements.push({ type: 'button', action_id: LAST_UPDATE_ACTION, text: plainText('Start from the last update'), value: 'last_update' });
  }
  const blocks: KnownBlock[] = [{ type: 'actions', block_id: MESSAGE_TOOLS_BLOCK_ID, elements }];
  if (offer) blocks.push(...offerBlocks(offer));
  return blocks;
}

function offerBlocks(offer: MessageOffer): KnownBlock[] {
  const replace: Button = {
    type: 'button',
    action_id: REPLACE_MESSAGE_ACTION,
    text: plainText('Replace the message'),
    value: messageSourceValue(offer.source),
  };
  return [
    contextLine(`${escapeMrkdwn(truncate(offer.label, 200))} would replace what you wrote. Your text stays unless you replace it:`),
    {
      type: 'section',
      block_id: MESSAGE_OFFER_BLOCK_ID,
      // Plain text: the offered text is shown exactly as it would go into the message box, with nothing to escape.
      text: plainText(truncate(offer.text, OFFER_TEXT_MAX_LENGTH)),
      accessory: replace,
    },
  ];
}
