import type { InputBlock, KnownBlock, ModalView, SectionBlock } from '@slack/types';
import type { Finding } from '../../updates/public-text/check-public-text.js';
import { escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { isMessageBlockId } from './blocks/update-form-ids.js';

// The check before publishing, shown where the user is looking: the findings under the message, each with what
// was found and why it matters, and "Publish anyway" unless something (a secret) must be removed. The form comes
// back as it was submitted, everything typed kept: the same blocks with the same ids (Slack keeps what was typed
// in them), their values also set as initial values, and the findings blocks put in anew.

export const FINDINGS_BLOCK_ID = 'public_text_findings';
/** Ends with the finding kinds the checkbox was shown for, so a new set of findings gets a fresh, unticked box. */
export const PUBLISH_ANYWAY_BLOCK_PREFIX = 'public_text_publish_anyway:';
export const PUBLISH_ANYWAY_ACTION = 'public_text_publish_anyway';
const PUBLISH_ANYWAY_VALUE_PREFIX = 'over:';
const SECTION_TEXT_MAX = 3000;
const BLOCK_ID_MAX = 255;
const VIEW_BLOCKS_MAX = 100;

type Values = Record<string, Record<string, unknown> | undefined>;

/** The finding kinds the user ticked "Publish anyway" over, or null when it is not ticked (or not shown). */
export function readPublishAnyway(values: unknown): string[] | null {
  if (typeof values !== 'object' || values === null) return null;
  for (const [blockId, block] of Object.entries(values as Values)) {
    if (!blockId.startsWith(PUBLISH_ANYWAY_BLOCK_PREFIX) || typeof block !== 'object' || block === null) continue;
    const state = block[PUBLISH_ANYWAY_ACTION] as { selected_options?: { value?: unknown }[] | null } | undefined;
    const ticked = (state?.selected_options ?? []).find(
      (option) => typeof option?.value === 'string' && option.value.startsWith(PUBLISH_ANYWAY_VALUE_PREFIX),
    );
    if (ticked) return (ticked.value as string).slice(PUBLISH_ANYWAY_VALUE_PREFIX.length).split(',').filter(Boolean);
  }
  return null;
}

export function findingsBlocks(findings: readonly Finding[], canPublishAnyway: boolean): KnownBlock[] {
  const lines = findings.map((f) => `• *${escapeMrkdwn(f.summary)}* ${escapeMrkdwn(f.why)}`);
  const ending = canPublishAnyway
    ? 'Fix the text, or tick “Publish anyway” and submit again.'
    : 'A secret cannot be published anyway: remove it and submit again.';
  const text = `:warning: *Before this goes public, look again:*\n${lines.join('\n')}\n${ending}`;
  const section: SectionBlock = {
    type: 'section',
    block_id: FINDINGS_BLOCK_ID,
    text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX), verbatim: true },
  };
  if (!canPublishAnyway) return [section];
  const kinds = [...new Set(findings.map((f) => f.kind))].sort().join(',');
  const checkbox: InputBlock = {
    type: 'input',
    block_id: truncate(`${PUBLISH_ANYWAY_BLOCK_PREFIX}${kinds}`, BLOCK_ID_MAX),
    optional: true,
    label: { type: 'plain_text', text: 'Publish anyway', emoji: true },
    element: {
      type: 'checkboxes',
      action_id: PUBLISH_ANYWAY_ACTION,
      options: [
        {
          text: { type: 'plain_text', text: 'I have read the above: publish as it is', emoji: true },
          value: `${PUBLISH_ANYWAY_VALUE_PREFIX}${kinds}`.slice(0, 150),
        },
      ],
    },
  };
  return [section, checkbox];
}

/** The submitted view, as a view to answer with: what Slack sends back about a view that is not part of one. */
interface SubmittedView {
  callback_id?: string;
  title: ModalView['title'];
  submit?: ModalView['submit'] | null;
  close?: ModalView['close'] | null;
  private_metadata?: string;
  external_id?: string;
  notify_on_close?: boolean;
  clear_on_close?: boolean;
  blocks: readonly unknown[];
  state?: { values?: unknown };
}

/**
 * The submitted form with the findings under the message, and every typed value kept; null when the form has no
 * room left for them (Slack's 100 blocks), so the caller shows them as the message's field error instead.
 */
export function formWithFindings(view: SubmittedView, findings: readonly Finding[], canPublishAnyway: boolean): ModalView | null {
  const values = (view.state?.values ?? {}) as Values;
  const kept = (view.blocks as KnownBlock[])
    .filter((block) => block.block_id !== FINDINGS_BLOCK_ID && !block.block_id?.startsWith(PUBLISH_ANYWAY_BLOCK_PREFIX))
    .map((block) => withTypedValue(block, values));
  const at = kept.findIndex((block) => isMessageBlockId(block.block_id));
  const added = findingsBlocks(findings, canPublishAnyway);
  const blocks = at < 0 ? [...kept, ...added] : [...kept.slice(0, at + 1), ...added, ...kept.slice(at + 1)];
  if (blocks.length > VIEW_BLOCKS_MAX) return null;
  return {
    type: 'modal',
    ...(view.callback_id ? { callback_id: view.callback_id } : {}),
    title: view.title,
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    ...(view.private_metadata !== undefined ? { private_metadata: view.private_metadata } : {}),
    ...(view.external_id ? { external_id: view.external_id } : {}),
    ...(view.notify_on_close !== undefined ? { notify_on_close: view.notify_on_close } : {}),
    ...(view.clear_on_close !== undefined ? { clear_on_close: view.clear_on_close } : {}),
    blocks,
  };
}

/** The findings as one field error, for a form with no room for the findings blocks. */
export function findingsAsText(findings: readonly Finding[], canPublishAnyway: boolean): string {
  const ending = canPublishAnyway ? '' : ' A secret cannot be published anyway: remove it.';
  return `Before this goes public: ${findings.map((f) => f.summary).join(' ')}${ending}`;
}

interface Option {
  value?: string;
}

/** An input block with what was typed or picked in it as its initial value, so nothing typed can be lost. */
function withTypedValue(block: KnownBlock, values: Values): KnownBlock {
  if (block.type !== 'input' || !block.block_id) return block;
  const element = block.element as unknown as Record<string, unknown> & { action_id?: string; options?: Option[] };
  const state = element.action_id ? (values[block.block_id]?.[element.action_id] as Record<string, unknown> | undefined) : undefined;
  if (!state) return block;
  const next: Record<string, unknown> = { ...element };
  const picked = state.selected_option as Option | null | undefined;
  const pickedMany = state.selected_options as Option[] | null | undefined;
  switch (element.type) {
    case 'plain_text_input':
      if (typeof state.value === 'string' && state.value !== '') next.initial_value = state.value;
      break;
    case 'static_select':
    case 'radio_buttons': {
      const option = element.options?.find((o) => o.value === picked?.value);
      if (option) next.initial_option = option;
      break;
    }
    case 'checkboxes':
    case 'multi_static_select': {
      const chosen = new Set((pickedMany ?? []).map((o) => o.value));
      const options = (element.options ?? []).filter((o) => chosen.has(o.value));
      if (options.length > 0) next.initial_options = options;
      else delete next.initial_options;
      break;
    }
    case 'datetimepicker':
      if (typeof state.selected_date_time === 'number') next.initial_date_time = state.selected_date_time;
      break;
    default:
      return block;
  }
  return { ...block, element: next } as unknown as KnownBlock;
}
