import type { ListenerDeps } from '../listener-deps.js';
import { fillFormFrom, type MessageSourceArgs } from './message-source-action.js';

/** A template was picked in the form's "Template" select: its text for the message (and the status, the title). */
export function handleTemplateSelected(deps: ListenerDeps) {
  return async (args: MessageSourceArgs): Promise<void> => {
    await args.ack();
    const picked = 'selected_option' in args.action ? args.action.selected_option?.value : undefined;
    if (typeof picked !== 'string' || picked === '') return;
    await fillFormFrom(deps, args, { kind: 'template', templateId: picked }, false);
  };
}
