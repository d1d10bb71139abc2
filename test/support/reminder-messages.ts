import { REMINDER_ACTIONS_BLOCK_ID } from '../../src/reminders/reminder-message.js';
import type { RecordedCall } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { blockActionsPayload, type BlockActionsInput } from './slack-payloads.js';

// The reminders Herald posts into the channel, as the tests find them and as a responder clicks their buttons.

/** A reminder posted into a channel (the message with the Snooze and Post update buttons). */
export const isReminder = (call: RecordedCall): boolean =>
  call.method === 'chat.postMessage' && JSON.stringify(call.args.blocks ?? []).includes(REMINDER_ACTIONS_BLOCK_ID);

type ActionsBlock = { block_id?: string; elements?: { action_id: string; value: string; text: unknown }[] };
/** `value` is the reminder's submission id. */
export type ReminderButton = { type: 'button'; block_id: string; action_id: string; value: string; text: unknown };

/** The button `actionId` of a posted reminder, as a click on it reports it. */
export function reminderButton(reminder: RecordedCall, actionId: string): ReminderButton {
  const elements = (reminder.args.blocks as ActionsBlock[]).find((block) => block.block_id === REMINDER_ACTIONS_BLOCK_ID)!.elements!;
  const element = elements.find((candidate) => candidate.action_id === actionId)!;
  return { type: 'button', block_id: REMINDER_ACTIONS_BLOCK_ID, action_id: actionId, value: element.value, text: element.text };
}

/** Clicks the button `actionId` on a posted reminder; `extra` sets the rest of the payload (channel, trigger_id…). */
export async function clickReminderButton(
  h: Harness,
  reminder: RecordedCall,
  actionId: string,
  extra: Omit<BlockActionsInput, 'action' | 'message' | 'view'> = {},
): Promise<void> {
  const message = { ts: String((reminder.response as { ts: string }).ts), text: reminder.args.text, blocks: reminder.args.blocks };
  await h.requester.blockActions(blockActionsPayload({ ...extra, message: message as never, action: reminderButton(reminder, actionId) }));
}
