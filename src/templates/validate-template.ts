import { TEMPLATE_BODY_MAX_LENGTH, TEMPLATE_NAME_MAX_LENGTH, TEMPLATE_TITLE_MAX_LENGTH, type TemplateDraft } from './template.js';
import { describeSourceProblems, templateSourceProblems } from './template-source-problems.js';
import { isTemplateStage } from './template-stages.js';

// What a person typed into the template modal, checked before it is saved. Each problem belongs to one field
// (the modal shows it under that field): the name (needed, short, not another template's), the stage, and the
// title and body's Liquid, refused with the line and the name of what is wrong.

export interface TemplateInput {
  name: string | null;
  stage: string | null;
  title: string | null;
  body: string | null;
}

export type TemplateField = keyof TemplateInput;
export type TemplateProblems = Partial<Record<TemplateField, string>>;

export type TemplateValidation = { ok: true; draft: TemplateDraft } | { ok: false; problems: TemplateProblems };

/** `otherNames`: the workspace's other templates, which this one's name may not repeat. */
export function validateTemplate(input: TemplateInput, now: Date, otherNames: readonly string[]): TemplateValidation {
  const problems: TemplateProblems = {};
  const name = (input.name ?? '').trim();
  if (name === '') problems.name = 'Give the template a name.';
  else if (name.length > TEMPLATE_NAME_MAX_LENGTH) problems.name = `Keep the name under ${TEMPLATE_NAME_MAX_LENGTH + 1} characters.`;
  else if (otherNames.some((other) => other.trim().toLowerCase() === name.toLowerCase()))
    problems.name = 'Another template has this name. Choose another one.';

  const stage = input.stage;
  if (!isTemplateStage(stage)) problems.stage = 'Choose the stage this template is for.';

  const title = (input.title ?? '').trim();
  if (title.length > TEMPLATE_TITLE_MAX_LENGTH) problems.title = `Keep the title under ${TEMPLATE_TITLE_MAX_LENGTH + 1} characters.`;
  else if (title !== '') {
    const titleProblems = templateSourceProblems(title, now);
    if (titleProblems.length > 0) problems.title = describeSourceProblems(titleProblems);
  }

  const body = (input.body ?? '').replace(/\r\n?/g, '\n');
  if (body.trim() === '') problems.body = 'Write the message the template fills in.';
  else if (body.length > TEMPLATE_BODY_MAX_LENGTH) problems.body = `Keep the message under ${TEMPLATE_BODY_MAX_LENGTH + 1} characters.`;
  else {
    const bodyProblems = templateSourceProblems(body, now);
    if (bodyProblems.length > 0) problems.body = describeSourceProblems(bodyProblems);
  }

  if (Object.keys(problems).length > 0 || !isTemplateStage(stage)) return { ok: false, problems };
  return { ok: true, draft: { name, stage, title: title === '' ? null : title, body } };
}
