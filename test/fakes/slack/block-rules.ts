// Block Kit limits that Slack enforces on both messages and views. Each rule yields a message in
// Slack's own `[ERROR] … [json-pointer:…]` form, so a failing test reads like a real rejection.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function violation(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

function checkLength(problems: string[], value: unknown, max: number, pointer: string): void {
  if (typeof value === 'string' && value.length > max) {
    problems.push(violation(`must be less than ${max + 1} characters`, pointer));
  }
}

function checkTextObject(problems: string[], value: unknown, max: number, pointer: string): void {
  checkLength(problems, textOf(value), max, `${pointer}/text`);
}

const OPTION_LISTS = ['options', 'initial_options'] as const;

function checkOptions(problems: string[], element: Json, pointer: string): void {
  for (const key of OPTION_LISTS) {
    const list = element[key];
    if (!Array.isArray(list)) continue;
    if (key === 'options' && list.length > 100) {
      problems.push(violation('must provide no more than 100 items', `${pointer}/options`));
    }
    list.forEach((option, index) => {
      const at = `${pointer}/${key}/${index}`;
      checkTextObject(problems, isObject(option) ? option.text : undefined, 75, `${at}/text`);
      checkLength(problems, isObject(option) ? option.value : undefined, 150, `${at}/value`);
    });
  }
  if (Array.isArray(element.option_groups)) {
    element.option_groups.forEach((group, g) => {
      if (isObject(group)) checkOptions(problems, group, `${pointer}/option_groups/${g}`);
    });
  }
}

function checkElement(problems: string[], element: unknown, pointer: string): void {
  if (!isObject(element)) return;
  checkLength(problems, element.action_id, 255, `${pointer}/action_id`);
  checkOptions(problems, element, pointer);
  if (element.type === 'plain_text_input' && typeof element.max_length === 'number' && element.max_length > 3000) {
    problems.push(violation('must be less than or equal to 3000', `${pointer}/max_length`));
  }
  checkTextObject(problems, element.placeholder, 150, `${pointer}/placeholder`);
}

function checkBlock(problems: string[], block: unknown, pointer: string): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    problems.push(violation('missing required field: type', pointer));
    return;
  }
  checkLength(problems, block.block_id, 255, `${pointer}/block_id`);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        problems.push(violation('must provide either text or fields', pointer));
      }
      checkTextObject(problems, block.text, 3000, `${pointer}/text`);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) problems.push(violation('must provide no more than 10 items', `${pointer}/fields`));
        block.fields.forEach((field, i) => {
          checkTextObject(problems, field, 2000, `${pointer}/fields/${i}`);
        });
      }
      checkElement(problems, block.accessory, `${pointer}/accessory`);
      break;
    case 'header':
      checkTextObject(problems, block.text, 150, `${pointer}/text`);
      break;
    case 'input':
      if (!isObject(block.label)) problems.push(violation('missing required field: label', pointer));
      checkTextObject(problems, block.label, 2000, `${pointer}/label`);
      checkTextObject(problems, block.hint, 2000, `${pointer}/hint`);
      if (!isObject(block.element)) problems.push(violation('missing required field: element', pointer));
      checkElement(problems, block.element, `${pointer}/element`);
      break;
    case 'actions':
      if (Array.isArray(block.elements)) {
        if (block.elements.length > 25) problems.push(violation('must provide no more than 25 items', `${pointer}/elements`));
        block.elements.forEach((el, i) => {
          checkElement(problems, el, `${pointer}/elements/${i}`);
        });
      }
      break;
    case 'context':
      if (Array.isArray(block.elements) && block.elements.length > 10) {
        problems.push(violation('must provide no more than 10 items', `${pointer}/elements`));
      }
      break;
    default:
      break;
  }
}

/** Every rule Slack applies to a list of blocks, whatever surface carries it. */
export function blockProblems(blocks: unknown[], pointer: string): string[] {
  const problems: string[] = [];
  const seenBlockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${pointer}/${index}`;
    checkBlock(problems, block, at);
    const blockId = isObject(block) ? block.block_id : undefined;
    if (typeof blockId === 'string') {
      if (seenBlockIds.has(blockId)) {
        problems.push(violation(`duplicate block_id "${blockId}"`, `${at}/block_id`));
      }
      seenBlockIds.add(blockId);
    }
  });
  return problems;
}
