import type { FakeSlack, RecordedCall, StoredView } from '../../test/fakes/fake-slack.js';
import type { OptionPick } from '../../test/support/slack-state-values.js';
import { actionFromView, blockActionsPayload } from '../../test/support/slack-payloads.js';
import { sentAt as wireSentAt, type RunningApp } from './stack.js';
import { FORM_BLOCKS, POST_SELECT_ACTION } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A responder's steps, timed from the moment the signed request is sent to the moment the fake
// Slack receives the call that shows its result. Each step remembers where the call log stood before sending
// and matches its own trigger_id or view id, so steps can run side by side without racing.

export interface TimedView {
  view: StoredView;
  /** When the request left, as the wire noted it. */
  sentAt: number;
  /** The fake Slack's `at` for the call that showed the view. */
  shownAt: number;
}

const WAIT_MS = 15_000;

/** `/status-update` → views.open; resolves with the opened (still loading) form. */
export async function openForm(app: RunningApp, slack: FakeSlack): Promise<TimedView> {
  const since = slack.calls.length;
  const triggerId = slack.newTriggerId();
  const response = await app.requester.command({ trigger_id: triggerId });
  if (response.status !== 200) throw new Error(`the command was answered ${response.status}`);
  const opened = await slack.waitFor((call) => call.method === 'views.open' && call.args.trigger_id === triggerId, {
    since,
    timeoutMs: WAIT_MS,
  });
  return { view: shownView(slack, opened), sentAt: wireSentAt(response), shownAt: opened.at };
}

/**
 * The first views.update of `viewId`, after the call log stood at `since`, that shows the input block
 * `blockId`: Herald may show the form first as far as its cache goes, then again once filled.
 */
export async function updateShowing(slack: FakeSlack, viewId: string, blockId: string, since: number, sentAt: number): Promise<TimedView> {
  const updated = await slack.waitFor(
    (call) => call.method === 'views.update' && call.args.view_id === viewId && showsBlock(call, blockId),
    { since, timeoutMs: WAIT_MS },
  );
  return { view: shownView(slack, updated), sentAt, shownAt: updated.at };
}

/**
 * `/status-update`, then the form as Herald fills it: page chosen, open posts offered. With the
 * lists cached, the form may open filled already; otherwise a views.update fills it.
 */
export async function openFilledForm(app: RunningApp, slack: FakeSlack): Promise<TimedView> {
  const since = slack.calls.length;
  const opened = await openForm(app, slack);
  if (opened.view.blocks.some((block) => block.block_id === FORM_BLOCKS.post)) return opened;
  return updateShowing(slack, opened.view.id, FORM_BLOCKS.post, since, opened.sentAt);
}

/** Picks the incident to update (value `incident:<id>`), then the form with its statuses and services. */
export async function pickPost(app: RunningApp, slack: FakeSlack, view: StoredView, pick: string | OptionPick): Promise<TimedView> {
  const since = slack.calls.length;
  const response = await app.requester.blockActions(
    blockActionsPayload({ view, action: actionFromView(view, FORM_BLOCKS.post, pick, POST_SELECT_ACTION) }),
  );
  if (response.status !== 200) throw new Error(`the post selection was answered ${response.status}`);
  return updateShowing(slack, view.id, FORM_BLOCKS.status, since, wireSentAt(response));
}

function showsBlock(call: RecordedCall, blockId: string): boolean {
  const blocks = (call.response as { view?: { blocks?: { block_id?: string }[] } } | undefined)?.view?.blocks ?? [];
  return blocks.some((block) => block.block_id === blockId);
}

function shownView(slack: FakeSlack, call: RecordedCall): StoredView {
  const id = (call.response as { view?: { id?: string } } | undefined)?.view?.id;
  const view = id === undefined ? undefined : slack.getView(id);
  if (view === undefined) throw new Error(`${call.method} did not show a view: ${JSON.stringify(call.response)}`);
  return view;
}
