import { FORM_BLOCKS, POST_SELECT_ACTION } from '../../src/slack/blocks/ids.js';
import type { StoredView } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { actionFromView, blockActionsPayload, valuesFromView, viewSubmissionPayload, type Pick } from './slack-payloads.js';

// What a responder does with the form, step by step, as signed Slack requests against the real app.

/** Types `/status-update` and waits until the form is open and filled with the status pages. */
export async function openUpdateForm(h: Harness, channelId?: string): Promise<StoredView> {
  const since = h.slack.calls.length;
  const response = await h.requester.command({ text: '', ...(channelId ? { channel_id: channelId } : {}) });
  if (response.status !== 200) throw new Error(`the command was answered ${response.status}: ${response.body}`);
  const opened = await h.slack.waitFor('views.open', { since });
  const viewId = (opened.response as { view?: { id?: string } }).view?.id;
  if (!viewId) throw new Error(`views.open failed: ${JSON.stringify(opened.response)}`);
  return waitUntilLoaded(h, viewId, since);
}

/** Picks the incident or maintenance to update and waits for its statuses and services. */
export async function choosePost(h: Harness, view: StoredView, postValue: string): Promise<StoredView> {
  const since = h.slack.calls.length;
  const response = await h.requester.blockActions(
    blockActionsPayload({ view, action: actionFromView(view, FORM_BLOCKS.post, postValue, POST_SELECT_ACTION) }),
  );
  if (response.status !== 200) throw new Error(`the post selection was answered ${response.status}: ${response.body}`);
  return waitUntilLoaded(h, view.id, since);
}

/** Submits the form with the user's picks (block id → option value or typed text); returns Slack's ack body. */
export async function submitForm(h: Harness, view: StoredView, picks: Record<string, Pick>): Promise<Record<string, unknown>> {
  const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values: valuesFromView(view, picks) }));
  if (response.status !== 200) throw new Error(`the submission was answered ${response.status}: ${response.body}`);
  const ack = (response.json ?? {}) as Record<string, unknown>;
  h.slack.applyViewAck(view.id, ack as never);
  return ack;
}

/** Waits for the views.update after which the form shows no "Loading…" line any more. */
export async function waitUntilLoaded(h: Harness, viewId: string, since: number): Promise<StoredView> {
  await h.slack.waitFor(
    (call) => call.method === 'views.update' && call.args.view_id === viewId && !JSON.stringify(call.args.view).includes('Loading'),
    { since },
  );
  return currentView(h, viewId);
}

export function currentView(h: Harness, viewId: string): StoredView {
  const view = h.slack.getView(viewId);
  if (!view) throw new Error(`the fake Slack has no view ${viewId}`);
  return view;
}
