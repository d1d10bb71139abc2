import type { PlainTextOption } from '@slack/types';
import { OPTION_VALUE_MAX_LENGTH, option, type OptionChoice } from './form-choices.js';

// The answer to a block_suggestion (external select) request: Slack shows at most 100 options.

export const EXTERNAL_OPTIONS_MAX = 100;

export function buildOptionsResponse(choices: OptionChoice[], query: string): { options: PlainTextOption[] } {
  const needle = query.trim().toLocaleLowerCase();
  const options: PlainTextOption[] = [];
  for (const choice of choices) {
    if (options.length === EXTERNAL_OPTIONS_MAX) break;
    // Slack rejects the whole response for one over-long value; such a choice could not be selected anyway.
    if (choice.value.length === 0 || choice.value.length > OPTION_VALUE_MAX_LENGTH) continue;
    if (needle !== '' && !choice.text.toLocaleLowerCase().includes(needle)) continue;
    options.push(option(choice.text, choice.value));
  }
  return { options };
}
