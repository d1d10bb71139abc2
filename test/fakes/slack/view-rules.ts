import { blockProblems, isObject, violation } from './block-rules.js';

// What views.open, views.update and views.push refuse with `invalid_arguments`.
// Limits from Slack's modal view reference: title/submit/close 24 characters, 100 blocks,
// private_metadata 3000, callback_id and external_id 255; a modal with inputs needs a submit button.

function checkButtonText(problems: string[], view: Record<string, unknown>, key: string, required: boolean): void {
  const value = view[key];
  const pointer = `/view/${key}`;
  if (value === undefined) {
    if (required) problems.push(violation(`missing required field: ${key}`, pointer));
    return;
  }
  if (!isObject(value) || value.type !== 'plain_text' || typeof value.text !== 'string') {
    problems.push(violation('must be a plain_text text object', pointer));
    return;
  }
  if (value.text.length > 24) problems.push(violation('must be less than 25 characters', `${pointer}/text`));
  if (value.text.length === 0) problems.push(violation('must be more than 0 characters', `${pointer}/text`));
}

function checkStringLength(problems: string[], value: unknown, key: string, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    problems.push(violation('must be a string', `/view/${key}`));
  } else if (value.length > max) {
    problems.push(violation(`must be less than ${max + 1} characters`, `/view/${key}`));
  }
}

/** The problems Slack would list in `response_metadata.messages`; empty when the view is valid. */
export function modalViewProblems(view: unknown): string[] {
  if (!isObject(view)) return [violation('must be a JSON object', '/view')];
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push(violation('must be "modal"', '/view/type'));
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) {
    problems.push(violation('missing required field: blocks', '/view/blocks'));
  } else if (blocks.length > 100) {
    problems.push(violation('must provide no more than 100 items', '/view/blocks'));
  }
  const blockList = Array.isArray(blocks) ? blocks : [];
  const hasInput = blockList.some((block) => isObject(block) && block.type === 'input');
  checkButtonText(problems, view, 'title', true);
  checkButtonText(problems, view, 'submit', hasInput);
  checkButtonText(problems, view, 'close', false);
  checkStringLength(problems, view.private_metadata, 'private_metadata', 3000);
  checkStringLength(problems, view.callback_id, 'callback_id', 255);
  checkStringLength(problems, view.external_id, 'external_id', 255);
  problems.push(...blockProblems(blockList, '/view/blocks'));
  return problems;
}
