import type { TemplateInput } from '../../templates/validate-template.js';
import { TEMPLATE_FORM_BLOCKS, TEMPLATE_INPUT_ACTION } from './template-ids.js';

// The template form's state, as Slack sends it with a submission or a button click, read into what was typed.
// Anything missing or of the wrong shape reads as nothing typed: the use case says what is needed.

type StateValues = Record<
  string,
  Record<string, { value?: unknown; selected_option?: { value?: unknown } | null } | undefined> | undefined
>;

export function readTemplateForm(values: unknown): TemplateInput {
  const state = (typeof values === 'object' && values !== null ? values : {}) as StateValues;
  const element = (blockId: string) => state[blockId]?.[TEMPLATE_INPUT_ACTION];
  const text = (blockId: string): string | null => {
    const value = element(blockId)?.value;
    return typeof value === 'string' ? value : null;
  };
  const stage = element(TEMPLATE_FORM_BLOCKS.stage)?.selected_option?.value;
  return {
    name: text(TEMPLATE_FORM_BLOCKS.name),
    stage: typeof stage === 'string' ? stage : null,
    title: text(TEMPLATE_FORM_BLOCKS.title),
    body: text(TEMPLATE_FORM_BLOCKS.body),
  };
}
