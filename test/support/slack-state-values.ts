// `state.values` as Slack builds it when a user fills a modal: one entry per input block, keyed
// block_id → action_id → the element's value. `valuesFromView` reads the real view so a test can
// only pick what the form really offers.

type Json = Record<string, unknown>;

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export interface SelectedOption {
  text: TextObject;
  value: string;
  description?: TextObject;
}

export interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: SelectedOption | null;
  selected_options?: SelectedOption[];
  selected_date_time?: number | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_conversations?: string[];
  selected_channels?: string[];
}

export type StateValues = Record<string, Record<string, StateValue>>;

/** An option given by hand: plain text and value. */
export interface OptionPick {
  text: string;
  value: string;
}

export type StateValueSpec =
  | { type: 'plain_text_input'; value: string | null }
  | { type: 'static_select' | 'external_select' | 'radio_buttons'; option: OptionPick | SelectedOption | null }
  | { type: 'multi_static_select' | 'multi_external_select' | 'checkboxes'; options: (OptionPick | SelectedOption)[] }
  | { type: 'datetimepicker'; selected_date_time: number | null }
  | { type: 'datepicker'; selected_date: string | null }
  | { type: 'timepicker'; selected_time: string | null }
  | { type: 'users_select'; selected_user: string | null }
  | { type: 'conversations_select'; selected_conversation: string | null }
  | { type: 'channels_select'; selected_channel: string | null };

function asSelected(option: OptionPick | SelectedOption): SelectedOption {
  return typeof option.text === 'string'
    ? { text: { type: 'plain_text', text: option.text, emoji: true }, value: option.value }
    : (option as SelectedOption);
}

/** One `state.values` entry, shaped as Slack sends it for that element type. */
export function stateValueFor(spec: StateValueSpec): StateValue {
  switch (spec.type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type: spec.type, selected_option: spec.option === null ? null : asSelected(spec.option) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type: spec.type, selected_options: spec.options.map(asSelected) };
    default:
      return { ...spec };
  }
}

/** What the user does to one input: type text, pick option value(s), pick a time, or leave it empty (null). */
export type Pick = string | string[] | number | Date | OptionPick | OptionPick[] | null;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options a static element offers, flattened out of option_groups. */
function offeredOptions(element: Json): SelectedOption[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((group) => (isObject(group) && Array.isArray(group.options) ? group.options : []))
    : [];
  return [...direct, ...grouped].filter(isObject) as unknown as SelectedOption[];
}

function findOffered(element: Json, value: string, where: string): SelectedOption {
  const offered = offeredOptions(element);
  const found = offered.find((option) => option.value === value);
  if (found === undefined) {
    const values = offered.map((option) => JSON.stringify(option.value)).join(', ') || '(none)';
    throw new Error(`${where}: option value ${JSON.stringify(value)} is not offered; the view offers ${values}`);
  }
  const copy = structuredClone(found);
  if (copy.text.type === 'plain_text') copy.text = { emoji: true, ...copy.text };
  return copy;
}

/** External selects load options from the app, so the view cannot vouch for them: the test names the text. */
function externalOption(element: Json, pick: unknown, where: string): SelectedOption {
  if (isObject(pick) && typeof pick.value === 'string' && typeof pick.text === 'string') return asSelected(pick as unknown as OptionPick);
  const initial = [element.initial_option, ...(Array.isArray(element.initial_options) ? element.initial_options : [])];
  const match = initial.find((option) => isObject(option) && option.value === pick);
  if (match !== undefined) return structuredClone(match) as unknown as SelectedOption;
  throw new Error(`${where}: external select options are not in the view; pick { value, text } as the options request answered`);
}

function pickedValues(pick: Pick, where: string): unknown[] {
  if (pick === null) return [];
  if (Array.isArray(pick)) return pick;
  if (typeof pick === 'string' || isObject(pick)) return [pick];
  throw new Error(`${where}: expected option value(s), got ${String(pick)}`);
}

function selectedOne(element: Json, pick: Pick, where: string, external: boolean): SelectedOption | null {
  if (pick === null) return null;
  if (external) return externalOption(element, pick, where);
  if (typeof pick !== 'string') throw new Error(`${where}: pick an option by its value (a string)`);
  return findOffered(element, pick, where);
}

function textInput(element: Json, pick: Pick, where: string): StateValue {
  if (pick !== null && typeof pick !== 'string') throw new Error(`${where}: plain_text_input takes typed text`);
  const length = pick?.length ?? 0;
  if (typeof element.max_length === 'number' && length > element.max_length) {
    throw new Error(`${where}: ${length} characters typed but max_length is ${element.max_length}; Slack would not let the user submit`);
  }
  if (typeof element.min_length === 'number' && pick !== null && length < element.min_length) {
    throw new Error(`${where}: ${length} characters typed but min_length is ${element.min_length}`);
  }
  return { type: 'plain_text_input', value: pick === '' ? null : pick };
}

function epochSeconds(pick: Pick, where: string): number | null {
  if (pick === null) return null;
  if (typeof pick === 'number') return pick;
  if (pick instanceof Date) return Math.floor(pick.getTime() / 1000);
  throw new Error(`${where}: datetimepicker takes epoch seconds or a Date`);
}

function stringOrNull(pick: Pick, where: string): string | null {
  if (pick === null || typeof pick === 'string') return pick;
  throw new Error(`${where}: expected a string`);
}

/** The state value for `element` after the user's `pick`. */
export function stateValueFromPick(element: Json, pick: Pick, where: string): StateValue {
  const type = String(element.type);
  switch (type) {
    case 'plain_text_input':
      return textInput(element, pick, where);
    case 'static_select':
    case 'radio_buttons':
    case 'external_select':
      return { type, selected_option: selectedOne(element, pick, where, type === 'external_select') };
    case 'multi_static_select':
    case 'checkboxes':
    case 'multi_external_select': {
      const external = type === 'multi_external_select';
      const options = pickedValues(pick, where).map((one) =>
        external ? externalOption(element, one, where) : findOffered(element, String(one), where),
      );
      return { type, selected_options: options };
    }
    case 'datetimepicker':
      return { type, selected_date_time: epochSeconds(pick, where) };
    case 'datepicker':
      return { type, selected_date: stringOrNull(pick, where) };
    case 'timepicker':
      return { type, selected_time: stringOrNull(pick, where) };
    case 'users_select':
      return { type, selected_user: stringOrNull(pick, where) };
    case 'conversations_select':
      return { type, selected_conversation: stringOrNull(pick, where) };
    case 'channels_select':
      return { type, selected_channel: stringOrNull(pick, where) };
    // Slack sends only the ids of the picked conversations; the client resolves their names.
    case 'multi_conversations_select':
      return { type, selected_conversations: pickedValues(pick, where).map(String) };
    case 'multi_channels_select':
      return { type, selected_channels: pickedValues(pick, where).map(String) };
    default:
      throw new Error(`${where}: element type ${type} is not supported by valuesFromView; use stateValueFor`);
  }
}

/** What an untouched element submits: its initial value, or empty. */
function untouchedValue(element: Json, where: string): StateValue {
  const type = String(element.type);
  const initialOptions = Array.isArray(element.initial_options) ? (element.initial_options as OptionPick[]).map((o) => o.value) : null;
  const initial: Pick =
    (element.initial_value as string | undefined) ??
    (isObject(element.initial_option) ? String(element.initial_option.value) : undefined) ??
    initialOptions ??
    (element.initial_date_time as number | undefined) ??
    (element.initial_date as string | undefined) ??
    (element.initial_time as string | undefined) ??
    (element.initial_user as string | undefined) ??
    (element.initial_conversation as string | undefined) ??
    (element.initial_channel as string | undefined) ??
    (element.initial_conversations as string[] | undefined) ??
    (element.initial_channels as string[] | undefined) ??
    null;
  if (initial !== null && (type === 'external_select' || type === 'multi_external_select')) {
    return type === 'external_select'
      ? { type, selected_option: structuredClone(element.initial_option) as SelectedOption }
      : { type, selected_options: structuredClone(element.initial_options) as SelectedOption[] };
  }
  return stateValueFromPick(element, initial, where);
}

export interface ViewWithBlocks {
  blocks: unknown[];
}

function isEmpty(value: StateValue): boolean {
  const { type: _type, ...rest } = value;
  return Object.values(rest).every((v) => v === null || (Array.isArray(v) && v.length === 0));
}

/**
 * `state.values` for submitting `view` after the user made `picks` (block_id → pick). Like Slack,
 * every input block appears, untouched ones with their initial value or empty; picking an option
 * the view does not offer, or leaving a required input empty, throws.
 */
/** `whileTyping`: the state an action carries mid-form, where required fields may still be empty. */
export function valuesFromView(view: ViewWithBlocks, picks: Record<string, Pick>, { whileTyping = false } = {}): StateValues {
  const blocks = view.blocks.filter(isObject);
  const values: StateValues = {};
  const inputBlockIds = new Set<string>();
  for (const block of blocks) {
    if (block.type !== 'input' || !isObject(block.element) || typeof block.block_id !== 'string') continue;
    const blockId = block.block_id;
    inputBlockIds.add(blockId);
    const element = block.element;
    const where = `valuesFromView: block "${blockId}" (${String(element.type)})`;
    const value = blockId in picks ? stateValueFromPick(element, picks[blockId] ?? null, where) : untouchedValue(element, where);
    if (!whileTyping && block.optional !== true && isEmpty(value)) {
      throw new Error(`${where} is required and left empty; Slack would not let the user submit`);
    }
    values[blockId] = { [String(element.action_id)]: value };
  }
  const unknown = Object.keys(picks).filter((blockId) => !inputBlockIds.has(blockId));
  if (unknown.length > 0) {
    throw new Error(
      `valuesFromView: no input block ${unknown.join(', ')} in the view; its input blocks are ${[...inputBlockIds].join(', ') || '(none)'}`,
    );
  }
  return values;
}

/** The element with `actionId` (or the only one) in block `blockId`: an input's element, a section accessory, or one of an actions block's. */
export function findElement(view: ViewWithBlocks, blockId: string, actionId?: string): Json {
  const block = view.blocks.filter(isObject).find((b) => b.block_id === blockId);
  if (block === undefined) throw new Error(`no block "${blockId}" in the view`);
  const candidates = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])].filter(isObject);
  const found =
    actionId === undefined ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((el) => el.action_id === actionId);
  if (found === undefined) {
    const ids = candidates.map((el) => String(el.action_id)).join(', ') || '(none)';
    throw new Error(
      `block "${blockId}": ${actionId === undefined ? 'name an action_id' : `no element "${actionId}"`}; its elements are ${ids}`,
    );
  }
  return found;
}
