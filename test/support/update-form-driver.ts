import type { RecordedCall, StoredView } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { actionFromView, blockActionsPayload, valuesFromView, viewSubmissionPayload, type Pick } from './slack-payloads.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS, PAGE_SELECT_ACTION, POST_SELECT_ACTION } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { submitPublishingAnyway } from './public-text-driver.js';

// What a responder does with the form, step by step, as signed Slack requests against the real app.

/** Types `/status-update` and waits until the form is open and filled with the status pages. */
export async function openUpdateForm(h: Harness, channelId?: string): Promise<StoredView> {
  const since = h.slack.calls.length;
  const response = await h.requester.command({ text: '', ...(channelId ? { channel_id: channelId } : {}) });
  if (response.status !== 200) throw new Error(`the command was answered ${response.status}: ${response.body}`);
  const opened = await h.slack.waitFor('views.open', { since });
  const viewId = (opened.response as { view?: { id?: string } }).view?.id;
  if (!viewId) throw new Error(`views.open failed: ${JSON.stringify(opened.response)}`);
  // Opened from a warm cache with nothing left to choose for the user: no update follows.
  if (!isLoading(opened.args.view) && !(await updateFollows(h, viewId, since))) return currentView(h, viewId);
  return waitUntilLoaded(h, viewId, since);
}

/** Picks the incident or maintenance to update and waits for its statuses and services. */
export async function choosePost(h: Harness, view: StoredView, post: Pick): Promise<StoredView> {
  return pickAndWait(h, view, FORM_BLOCKS.post, POST_SELECT_ACTION, post);
}

/** Picks the status page and waits for its open incidents and maintenance. */
export async function choosePage(h: Harness, view: StoredView, page: Pick): Promise<StoredView> {
  return pickAndWait(h, view, FORM_BLOCKS.page, PAGE_SELECT_ACTION, page);
}

async function pickAndWait(h: Harness, view: StoredView, blockId: string, actionId: string, pick: Pick): Promise<StoredView> {
  const since = h.slack.calls.length;
  const response = await h.requester.blockActions(blockActionsPayload({ view, action: actionFromView(view, blockId, pick, actionId) }));
  if (response.status !== 200) throw new Error(`picking in "${blockId}" was answered ${response.status}: ${response.body}`);
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

function isLoading(view: unknown): boolean {
  return JSON.stringify(view).includes('Loading');
}

/** Whether Herald updates the just-opened form (it picks a lone page or post for the user) within a moment. */
async function updateFollows(h: Harness, viewId: string, since: number): Promise<boolean> {
  try {
    await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === viewId, { since, timeoutMs: 300 });
    return true;
  } catch {
    return false;
  }
}

/** Waits for the views.update after which the form shows no "Loading…" line any more. */
export async function waitUntilLoaded(h: Harness, viewId: string, since: number): Promise<StoredView> {
  await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === viewId && !isLoading(call.args.view), { since });
  return currentView(h, viewId);
}

export function currentView(h: Harness, viewId: string): StoredView {
  const view = h.slack.getView(viewId);
  if (!view) throw new Error(`the fake Slack has no view ${viewId}`);
  return view;
}

/**
 * Waits until the form shows block `blockId`. A rate-limited provider (Statuspage: one request a second)
 * fills the form over several seconds, after the moment openUpdateForm allows for an update to follow.
 */
export async function waitForBlock(h: Harness, viewId: string, blockId: string, timeoutMs = 10_000): Promise<StoredView> {
  const has = (view: unknown) =>
    Array.isArray((view as { blocks?: unknown })?.blocks) &&
    (view as { blocks: { block_id?: string }[] }).blocks.some((b) => b.block_id === blockId);
  if (has(currentView(h, viewId))) return currentView(h, viewId);
  await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === viewId && has(call.args.view), {
    since: 0,
    timeoutMs,
  });
  return currentView(h, viewId);
}

/** Waits for the result view (published, or what went wrong) Herald puts in the form `viewId` after a submit. */
export function waitForResultView(h: Harness, viewId: string, since: number, timeoutMs = 15_000): Promise<RecordedCall> {
  return h.slack.waitFor(
    (call) =>
      call.method === 'views.update' &&
      call.args.view_id === viewId &&
      (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
    { since, timeoutMs },
  );
}

export interface IncidentUpdateOptions {
  /** More picks on top of status "identified", severity "major" and the message (block id → pick). */
  picks?: Record<string, Pick>;
  /** What marks the end: the modal's result view (default), or the echo's chat.postMessage (for a Slack that fails it). */
  until?: 'result' | 'echo';
}

/**
 * A responder's whole turn on the seeded PagerDuty incident: opens the form, picks the incident, submits
 * `message`, and waits until publishing is over. Resolves with the modal as it then stands.
 */
export async function publishIncidentUpdate(h: Harness, message: string, options: IncidentUpdateOptions = {}): Promise<StoredView> {
  const seed = h.pagerduty.seed!;
  let view = await openUpdateForm(h);
  view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
  const since = h.slack.calls.length;
  // Tests publish the same words again, or type what the check before publishing catches on purpose: published anyway.
  const ack = await submitPublishingAnyway(h, view, {
    [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
    [FORM_BLOCKS.severity]: seed.severities.incident.major!,
    [FORM_BLOCKS.message]: message,
    ...options.picks,
  });
  if (ack.response_action !== 'update') throw new Error(`the submission was not accepted: ${JSON.stringify(ack)}`);
  await h.slack.waitFor(
    (call) =>
      options.until === 'echo'
        ? call.method === 'chat.postMessage'
        : call.method === 'views.update' &&
          call.args.view_id === view.id &&
          (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
    { since },
  );
  await h.herald.publisher.idle();
  return currentView(h, view.id);
}
