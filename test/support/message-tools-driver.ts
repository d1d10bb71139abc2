import type { StoredView } from '../fakes/fake-slack.js';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { currentView } from './update-form-driver.js';
import {
  actionFromView,
  blockActionsPayload,
  blockSuggestionPayload,
  messageShortcutPayload,
  valuesFromView,
  type Pick,
} from './slack-payloads.js';
import { MESSAGE_OFFER_BLOCK_ID, MESSAGE_TOOLS_BLOCK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

// The form's "Template" select, "Start from the last update", "Replace the message", and the "Draft status update"
// message shortcut, as signed requests against the real app.

type Block = {
  block_id?: string;
  type?: string;
  text?: { text?: string };
  element?: Record<string, unknown>;
  elements?: Record<string, unknown>[];
};

export function blockOf(view: { blocks: unknown[] }, predicate: (block: Block) => boolean): Block | undefined {
  return (view.blocks as Block[]).find(predicate);
}

/** The message box, at whatever block id revision it stands. */
export function messageBlock(view: { blocks: unknown[] }): Block {
  const block = blockOf(view, (b) => b.block_id === 'message' || (b.block_id?.startsWith('message:') ?? false));
  if (!block) throw new Error('the form has no message box');
  return block;
}

/** The "Template" select's options, as Herald answers Slack's options request. */
export async function templateOptions(h: Harness, view: StoredView): Promise<{ text: { text: string }; value: string }[]> {
  const response = await h.requester.blockSuggestion(
    blockSuggestionPayload({ view, block_id: MESSAGE_TOOLS_BLOCK_ID, action_id: 'template_select', value: '' }),
  );
  if (response.status !== 200) throw new Error(`the options request was answered ${response.status}: ${response.body}`);
  return (response.json as { options: { text: { text: string }; value: string }[] }).options;
}

/** Fires an action of the form with the user's entries so far (`typed`: block id → pick) and waits for the form's update. */
async function actAndWait(h: Harness, view: StoredView, action: Record<string, unknown>, typed: Record<string, Pick>): Promise<StoredView> {
  const since = h.slack.calls.length;
  const values = valuesFromView(view, typed, { whileTyping: true });
  const response = await h.requester.blockActions(blockActionsPayload({ view, values, action: action as never }));
  if (response.status !== 200) throw new Error(`the action was answered ${response.status}: ${response.body}`);
  await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === view.id, { since });
  return currentView(h, view.id);
}

/** Picks the template named `name` (as the options list it) in the form's "Template" select. */
export async function chooseTemplate(
  h: Harness,
  view: StoredView,
  name: string,
  typed: Record<string, Pick> = {},
  listed?: { text: { text: string }; value: string }[],
): Promise<StoredView> {
  // Slack sends the same options request once per typed query; Herald refuses a replayed request, so a list already asked for is reused.
  const picked = (listed ?? (await templateOptions(h, view))).find((option) => option.text.text.startsWith(`${name} (`));
  if (!picked) throw new Error(`no template "${name}" is offered`);
  const action = actionFromView(view, MESSAGE_TOOLS_BLOCK_ID, { value: picked.value, text: picked.text.text } as never, 'template_select');
  return actAndWait(h, view, action, typed);
}

export function clickStartFromLastUpdate(h: Harness, view: StoredView, typed: Record<string, Pick> = {}): Promise<StoredView> {
  return actAndWait(h, view, actionFromView(view, MESSAGE_TOOLS_BLOCK_ID, null, 'start_from_last_update'), typed);
}

export function clickReplaceMessage(h: Harness, view: StoredView, typed: Record<string, Pick> = {}): Promise<StoredView> {
  return actAndWait(h, view, actionFromView(view, MESSAGE_OFFER_BLOCK_ID, null, 'replace_message'), typed);
}

/** Sends "Draft status update" on a message whose text Slack sends as `text`; resolves with the response_url it carried. */
export async function useDraftShortcut(
  h: Harness,
  text: string,
  channel: { id: string; name: string } = { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name },
): Promise<string> {
  const responseUrl = h.slack.newResponseUrl();
  const payload = messageShortcutPayload({
    callback_id: 'draft_status_update',
    trigger_id: h.slack.newTriggerId(),
    response_url: responseUrl,
    channel,
    message: { ts: `1700000000.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, text },
  });
  const response = await h.requester.raw({
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });
  if (response.status !== 200) throw new Error(`the shortcut was answered ${response.status}: ${response.body}`);
  return responseUrl;
}

/** "Draft status update" on a message whose text Slack sends as `text`; resolves with the form it opened. */
export async function draftFromMessage(
  h: Harness,
  text: string,
  channel: { id: string; name: string } = { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name },
): Promise<StoredView> {
  const since = h.slack.calls.length;
  await useDraftShortcut(h, text, channel);
  const opened = await h.slack.waitFor('views.open', { since });
  const viewId = (opened.response as { view?: { id?: string } }).view?.id;
  if (!viewId) throw new Error(`views.open failed: ${JSON.stringify(opened.response)}`);
  return currentView(h, viewId);
}
