import type { StoredView } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import {
  actionFromView,
  blockActionsPayload,
  type PayloadUser,
  type Pick,
  valuesFromView,
  viewSubmissionPayload,
} from './slack-payloads.js';
import { currentView } from './update-form-driver.js';
import { TEMPLATE_LIST_HEADER_BLOCK, TEMPLATE_ROW_BLOCK_PREFIX } from '../../src/slack/templates/template-ids.js';

// `/status-update templates` as a person uses it: the list, its buttons, the form and its Preview, as signed
// Slack requests against the real app.

/** Types `/status-update templates`; resolves with the list modal, or with what Herald said privately instead. */
export async function openTemplateList(h: Harness, userId?: string): Promise<{ view: StoredView } | { said: string }> {
  const since = h.slack.calls.length;
  const responseUrl = h.slack.newResponseUrl();
  const answer = await h.requester.command({ text: 'templates', response_url: responseUrl, ...(userId ? { user_id: userId } : {}) });
  if (answer.status !== 200) throw new Error(`the command was answered ${answer.status}: ${answer.body}`);
  const outcome = await h.slack.waitFor(
    (call) =>
      call.method === 'views.open' ||
      (call.method === 'response_url' && call.responseUrlId !== undefined && responseUrl.endsWith(call.responseUrlId)),
    { since },
  );
  if (outcome.method === 'response_url') return { said: String(h.slack.responses(responseUrl)[0]?.text) };
  return { view: currentView(h, (outcome.response as { view: { id: string } }).view.id) };
}

export async function openList(h: Harness): Promise<StoredView> {
  const opened = await openTemplateList(h);
  if (!('view' in opened)) throw new Error(`the templates did not open: ${opened.said}`);
  return opened.view;
}

/** Clicks a button in `view`; resolves with the modal Herald pushed over it. */
export async function pushFrom(h: Harness, view: StoredView, blockId: string, actionId: string, user?: PayloadUser): Promise<StoredView> {
  const since = h.slack.calls.length;
  const payload = blockActionsPayload({
    view,
    action: actionFromView(view, blockId, null, actionId),
    trigger_id: h.slack.newTriggerId({ fromViewId: view.id }),
    ...(user ? { user } : {}),
  });
  const answer = await h.requester.blockActions(payload);
  if (answer.status !== 200) throw new Error(`the click was answered ${answer.status}: ${answer.body}`);
  const pushed = await h.slack.waitFor('views.push', { since });
  const id = (pushed.response as { view?: { id?: string } }).view?.id;
  if (!id) throw new Error(`views.push failed: ${JSON.stringify(pushed.response)}`);
  return currentView(h, id);
}

export const clickAdd = (h: Harness, list: StoredView, user?: PayloadUser) =>
  pushFrom(h, list, TEMPLATE_LIST_HEADER_BLOCK, 'herald_template_add', user);

/** The list's Edit or Delete of the template named `name`. */
export function clickOnTemplate(h: Harness, list: StoredView, name: string, which: 'edit' | 'delete'): Promise<StoredView> {
  return pushFrom(h, list, rowBlockOf(list, name), `herald_template_${which}`);
}

/** The block id of the list's row for `name` (the Edit/Delete actions under the section that names it). */
export function rowBlockOf(list: StoredView, name: string): string {
  const blocks = list.blocks as { type: string; block_id?: string; text?: { text: string } }[];
  const at = blocks.findIndex((block) => block.type === 'section' && block.text?.text.startsWith(`*${name}*`));
  const row = blocks[at + 1];
  if (at === -1 || !row?.block_id?.startsWith(TEMPLATE_ROW_BLOCK_PREFIX)) throw new Error(`the list shows no template named ${name}`);
  return row.block_id;
}

/** The names the list shows, in order. */
export function listedNames(list: StoredView): string[] {
  return (list.blocks as { type: string; text?: { text: string } }[])
    .filter((block) => block.type === 'section' && block.text?.text.startsWith('*'))
    .map((block) => /^\*(.*?)\*/.exec(block.text!.text)![1]!);
}

/** Clicks Preview with `picks` typed; resolves with the form as Herald updated it. */
export async function preview(h: Harness, form: StoredView, picks: Record<string, Pick>): Promise<StoredView> {
  const since = h.slack.calls.length;
  const answer = await h.requester.blockActions(
    blockActionsPayload({
      view: form,
      values: valuesFromView(form, picks),
      action: actionFromView(form, 'template_preview_actions', null),
    }),
  );
  if (answer.status !== 200) throw new Error(`Preview was answered ${answer.status}: ${answer.body}`);
  await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === form.id, { since });
  return currentView(h, form.id);
}

/** Submits a template modal with `picks` typed; returns Slack's ack body, applied to the fake's views. */
export async function submit(
  h: Harness,
  view: StoredView,
  picks: Record<string, Pick>,
  user?: PayloadUser,
): Promise<Record<string, unknown>> {
  const response = await h.requester.viewSubmission(
    viewSubmissionPayload({ view, values: valuesFromView(view, picks), ...(user ? { user } : {}) }),
  );
  if (response.status !== 200) throw new Error(`the submission was answered ${response.status}: ${response.body}`);
  const ack = (response.json ?? {}) as Record<string, unknown>;
  h.slack.applyViewAck(view.id, ack as never);
  return ack;
}
