import type { KnownBlock, ModalView } from '@slack/types';
import type { Template } from '../../templates/template.js';
import { stageLabel } from '../../templates/template-stages.js';
import { contextLine, mrkdwnSection, viewLabel } from '../../slack-kit/elements.js';
import { escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import {
  TEMPLATE_ADD_ACTION,
  TEMPLATE_DELETE_ACTION,
  TEMPLATE_EDIT_ACTION,
  TEMPLATE_LIST_CALLBACK_ID,
  TEMPLATE_LIST_HEADER_BLOCK,
  TEMPLATE_ROW_BLOCK_PREFIX,
} from './template-ids.js';

// `/status-update templates`: the workspace's templates, each with Edit and Delete, and Add at the top.

const EXCERPT_MAX_LENGTH = 150;

export function buildTemplateListView(templates: readonly Template[]): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: TEMPLATE_LIST_HEADER_BLOCK,
      text: {
        type: 'mrkdwn',
        text: 'Templates fill in the message of a status update. Everyone who may publish can manage them.',
      },
      accessory: { type: 'button', action_id: TEMPLATE_ADD_ACTION, text: { type: 'plain_text', text: 'Add template' }, style: 'primary' },
    },
    { type: 'divider' },
  ];
  if (templates.length === 0) blocks.push(contextLine('No templates yet. Add one to start from it in the update form.'));
  for (const template of templates) {
    const firstLine = template.body.split('\n').find((line) => line.trim() !== '') ?? '';
    blocks.push(
      mrkdwnSection(
        `*${escapeMrkdwn(truncate(template.name, 75))}* · ${stageLabel(template.stage)}\n${escapeMrkdwn(truncate(firstLine, EXCERPT_MAX_LENGTH))}`,
        { verbatim: true },
      ),
      {
        type: 'actions',
        block_id: `${TEMPLATE_ROW_BLOCK_PREFIX}${template.id}`,
        elements: [
          { type: 'button', action_id: TEMPLATE_EDIT_ACTION, text: { type: 'plain_text', text: 'Edit' }, value: template.id },
          { type: 'button', action_id: TEMPLATE_DELETE_ACTION, text: { type: 'plain_text', text: 'Delete' }, value: template.id },
        ],
      },
    );
  }
  return {
    type: 'modal',
    callback_id: TEMPLATE_LIST_CALLBACK_ID,
    title: viewLabel('Update templates'),
    close: viewLabel('Done'),
    blocks,
  };
}
