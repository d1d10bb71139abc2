// Checks a view or message against the Block Kit limits Slack enforces, so a test fails the way Slack would
// (invalid_arguments) instead of in production. Returns the list of violations; empty means valid.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function slackLimitViolations(surface: Json, kind: 'modal' | 'message'): string[] {
  const problems: string[] = [];
  const blocks = (surface.blocks ?? []) as Json[];
  const maxBlocks = kind === 'modal' ? 100 : 50;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  if (kind === 'modal') {
    for (const key of ['title', 'submit', 'close']) {
      const text = (surface[key] as Json | undefined)?.text;
      if (typeof text === 'string' && text.length > 24) problems.push(`${key} "${text}" > 24`);
    }
    const metadata = surface.private_metadata;
    if (typeof metadata === 'string' && metadata.length > 3000) problems.push(`private_metadata ${metadata.length} > 3000`);
  }
  const blockIds = new Set<string>();
  for (const block of blocks) {
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) problems.push(`block_id ${block.block_id.length} > 255`);
      if (blockIds.has(block.block_id)) problems.push(`duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    walk(block, problems);
  }
  return problems;
}

function walk(node: unknown, problems: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, problems);
    return;
  }
  if (!isObject(node)) return;
  if ((node.type === 'mrkdwn' || node.type === 'plain_text') && typeof node.text === 'string') {
    if (node.text.length === 0) problems.push('empty text object');
    if (node.text.length > 3000) problems.push(`text ${node.text.length} > 3000`);
  }
  if (node.type === 'header' && isObject(node.text) && String(node.text.text).length > 150) problems.push('header > 150');
  if (typeof node.action_id === 'string' && node.action_id.length > 255) problems.push('action_id > 255');
  if (node.type === 'plain_text_input' && typeof node.max_length === 'number' && node.max_length > 3000) {
    problems.push('plain_text_input max_length > 3000');
  }
  if (Array.isArray(node.options)) {
    if (node.options.length > 100) problems.push(`${String(node.type)} has ${node.options.length} options > 100`);
    if (node.options.length === 0) problems.push(`${String(node.type)} has no options`);
    for (const option of node.options as Json[]) checkOption(option, problems);
  }
  if (Array.isArray(node.option_groups)) {
    for (const group of node.option_groups as Json[]) {
      const options = group.options as Json[];
      if (options.length === 0) problems.push('empty option group');
      if (options.length > 100) problems.push('option group > 100');
      for (const option of options) checkOption(option, problems);
    }
  }
  if (Array.isArray(node.initial_options) && node.initial_options.length === 0) problems.push('empty initial_options');
  if (isObject(node.initial_option)) checkInitial(node, [node.initial_option], problems);
  if (Array.isArray(node.initial_options) && Array.isArray(node.options)) {
    checkInitial(node, node.initial_options as Json[], problems);
  }
  for (const value of Object.values(node)) walk(value, problems);
}

function checkOption(option: Json, problems: string[]): void {
  const text = (option.text as Json).text as string;
  if (text.length > 75) problems.push(`option text "${text}" > 75`);
  const value = option.value as string;
  if (value.length > 150) problems.push(`option value ${value.length} > 150`);
}

// A static select's initial option must be one of its options, text included, or Slack rejects the view.
function checkInitial(element: Json, initial: Json[], problems: string[]): void {
  const options = [
    ...((element.options as Json[] | undefined) ?? []),
    ...((element.option_groups as Json[] | undefined) ?? []).flatMap((g) => g.options as Json[]),
  ];
  if (options.length === 0) return; // external selects: anything goes
  for (const chosen of initial) {
    if (!options.some((o) => JSON.stringify(o) === JSON.stringify(chosen))) {
      problems.push(`initial option ${JSON.stringify(chosen)} is not among the options`);
    }
  }
}
