import type { ListenerDeps } from '../listener-deps.js';
import { fillFormFrom, type MessageSourceArgs } from './message-source-action.js';

/** "Start from the last update": the incident's previous public text for the message. */
export function handleStartFromLastUpdate(deps: ListenerDeps) {
  return async (args: MessageSourceArgs): Promise<void> => {
    await args.ack();
    await fillFormFrom(deps, args, { kind: 'last_update' }, false);
  };
}
