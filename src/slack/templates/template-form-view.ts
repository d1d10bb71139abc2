import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { TemplatePreview } from '../../templates/manage-templates.js';
import { TEMPLATE_BODY_MAX_LENGTH, TEMPLATE_NAME_MAX_LENGTH, TEMPLATE_TITLE_MAX_LENGTH } from '../../templates/template.js';
import { isTemplateStage, stageLabel, TEMPLATE_STAGES, type TemplateStage } from '../../templates/template-stages.js';
import { TEMPLATE_VARIABLES } from '../../templates/template-variables.js';
import type { TemplateInput } from '../../templates/validate-template.js';
import { contextLine, plainSection, plainText, viewLabel } from '../../slack-kit/elements.js';
import { escapeMrkdwn } from '../../slack-kit/mrkdwn.js';
import { TEMPLATE_FORM_BLOCKS, TEMPLATE_FORM_CALLBACK_ID, TEMPLATE_INPUT_ACTION, TEMPLATE_PREVIEW_ACTION } from './template-ids.js';
import { encodeTemplateMetadata, type TemplateModalMetadata } from './template-metadata.js';

// The modal that adds or edits a template: name, stage, optional title, the Liquid body, the variables it may
// use, and "Preview", which renders what was typed against a sample incident under the form.

export interface TemplateFormState {
  metadata: TemplateModalMetadata;
  values: TemplateInput;
  /** What "Preview" last showed; null before it was pressed. */
  preview: TemplatePreview | null;
}

export function buildTemplateFormView(state: TemplateFormState): ModalView {
  const { values } = state;
  const blocks: KnownBlock[] = [
    textInput(TEMPLATE_FORM_BLOCKS.name, 'Name', values.name, TEMPLATE_NAME_MAX_LENGTH, { placeholder: 'Database outage, first update' }),
    stageInput(values.stage),
    textInput(TEMPLATE_FORM_BLOCKS.title, 'Title for a new incident', values.title, TEMPLATE_TITLE_MAX_LENGTH, {
      optional: true,
      hint: 'Used when the template opens an incident or a maintenance. Liquid, like the message.',
    }),
    textInput(TEMPLATE_FORM_BLOCKS.body, 'Message', values.body, TEMPLATE_BODY_MAX_LENGTH, {
      multiline: true,
      hint: 'Liquid: {{ incident }}, {% if next_update %}…{% endif %}. Checked when you save.',
    }),
    contextLine(variablesLine()),
    {
      type: 'actions',
      block_id: TEMPLATE_FORM_BLOCKS.previewActions,
      elements: [{ type: 'button', action_id: TEMPLATE_PREVIEW_ACTION, text: { type: 'plain_text', text: 'Preview' } }],
    },
    ...previewBlocks(state.preview),
  ];
  return {
    type: 'modal',
    callback_id: TEMPLATE_FORM_CALLBACK_ID,
    private_metadata: encodeTemplateMetadata(state.metadata),
    title: viewLabel(state.metadata.templateId === null ? 'Add template' : 'Edit template'),
    submit: viewLabel('Save'),
    close: viewLabel('Back'),
    blocks,
  };
}

function variablesLine(): string {
  const listed = TEMPLATE_VARIABLES.map((variable) => `\`${variable.name}\` ${escapeMrkdwn(variable.meaning.replace(/`/g, ''))}`);
  return `*Variables:* ${listed.join(' · ')}`;
}

function previewBlocks(preview: TemplatePreview | null): KnownBlock[] {
  if (preview === null) return [];
  const heading = contextLine('*Preview* for a sample incident (“Elevated error rates on checkout”):');
  if (preview.kind === 'invalid') {
    const problems = [
      preview.problems.title && `Title: ${preview.problems.title}`,
      preview.problems.body && `Message: ${preview.problems.body}`,
    ]
      .filter(Boolean)
      .join('\n');
    return [heading, { type: 'section', block_id: TEMPLATE_FORM_BLOCKS.preview, text: plainText(`Cannot be saved yet:\n${problems}`) }];
  }
  const shown = preview.title === null ? preview.message : `${preview.title}\n\n${preview.message}`;
  return [heading, { ...plainSection(shown === '' ? '(empty)' : shown), block_id: TEMPLATE_FORM_BLOCKS.preview }];
}

interface TextInputOptions {
  multiline?: boolean;
  optional?: boolean;
  hint?: string;
  placeholder?: string;
}

function textInput(blockId: string, label: string, value: string | null, maxLength: number, options: TextInputOptions): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plainText(label, 2000),
    ...(options.hint ? { hint: plainText(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: TEMPLATE_INPUT_ACTION,
      multiline: options.multiline ?? false,
      max_length: maxLength,
      ...(options.placeholder ? { placeholder: plainText(options.placeholder, 150) } : {}),
      // Slack refuses an initial value over max_length; a forged payload could carry one.
      ...(value ? { initial_value: value.slice(0, maxLength) } : {}),
    },
  };
}

function stageOption(stage: TemplateStage): PlainTextOption {
  const kind = TEMPLATE_STAGES.indexOf(stage) < 4 ? 'Incident' : 'Maintenance';
  return { text: plainText(`${kind}: ${stageLabel(stage)}`, 75), value: stage };
}

function stageInput(stage: string | null): KnownBlock {
  return {
    type: 'input',
    block_id: TEMPLATE_FORM_BLOCKS.stage,
    label: plainText('Stage'),
    hint: plainText('The status the update form sets when this template is chosen.'),
    element: {
      type: 'static_select',
      action_id: TEMPLATE_INPUT_ACTION,
      placeholder: plainText('Choose a stage'),
      options: TEMPLATE_STAGES.map(stageOption),
      ...(isTemplateStage(stage) ? { initial_option: stageOption(stage) } : {}),
    },
  };
}
