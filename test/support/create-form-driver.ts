import type { StoredView } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { actionFromView, blockActionsPayload } from './slack-payloads.js';
import { currentView, waitUntilLoaded } from './update-form-driver.js';
import { FORM_BLOCKS, KIND_SELECT_ACTION } from '../../src/slack/update-form/blocks/update-form-ids.js';

// What a responder does to open a post: `/status-update new [maintenance]`, then the kind, as signed requests.

/** Types `/status-update <text>` (`new`, `new maintenance`) and waits until the create form has its page's choices. */
export async function openCreateForm(h: Harness, text = 'new', channelId?: string): Promise<StoredView> {
  const since = h.slack.calls.length;
  const response = await h.requester.command({ text, ...(channelId ? { channel_id: channelId } : {}) });
  if (response.status !== 200) throw new Error(`the command was answered ${response.status}: ${response.body}`);
  const opened = await h.slack.waitFor('views.open', { since });
  const viewId = (opened.response as { view?: { id?: string } }).view?.id;
  if (!viewId) throw new Error(`views.open failed: ${JSON.stringify(opened.response)}`);
  return waitUntilLoaded(h, viewId, since);
}

/** Switches the create form between incident and maintenance and waits for that kind's statuses. */
export async function chooseKind(h: Harness, view: StoredView, kind: 'incident' | 'maintenance'): Promise<StoredView> {
  const since = h.slack.calls.length;
  const response = await h.requester.blockActions(
    blockActionsPayload({ view, action: actionFromView(view, FORM_BLOCKS.kind, kind, KIND_SELECT_ACTION) }),
  );
  if (response.status !== 200) throw new Error(`picking the kind was answered ${response.status}: ${response.body}`);
  await waitUntilLoaded(h, view.id, since);
  return currentView(h, view.id);
}
