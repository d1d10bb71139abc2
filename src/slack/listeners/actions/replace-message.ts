import { parseMessageSourceValue } from '../../update-form/blocks/message-tools.js';
import type { ListenerDeps } from '../listener-deps.js';
import { fillFormFrom, type MessageSourceArgs } from './message-source-action.js';

/** "Replace the message": the text offered beside a message that had some, now put in its place. */
export function handleReplaceMessage(deps: ListenerDeps) {
  return async (args: MessageSourceArgs): Promise<void> => {
    await args.ack();
    const source = parseMessageSourceValue('value' in args.action ? args.action.value : undefined);
    if (source === null) return;
    await fillFormFrom(deps, args, source, true);
  };
}
