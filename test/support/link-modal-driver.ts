import { LINK_FORM_BLOCKS } from '../../src/slack/channel-links/link-form.js';
import type { StoredView } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { valuesFromView, viewSubmissionPayload } from './slack-payloads.js';
import { currentView } from './update-form-driver.js';

// `/status-update link` as a responder uses it, as signed Slack requests against the real app.

export interface OpenLinkModalOptions {
  /** A linkOptionValue: wait until the modal offers that incident (else only until it first fills in). */
  offering?: string;
  /** How long the modal may take to fill in (a rate-limited provider is slow). */
  timeoutMs?: number;
}

/** Types `/status-update link` and waits until the modal lists the open incidents. */
export async function openLinkModal(h: Harness, options: OpenLinkModalOptions = {}): Promise<StoredView> {
  const since = h.slack.calls.length;
  const answer = await h.requester.command({ text: 'link' });
  if (answer.status !== 200) throw new Error(`the link command was answered ${answer.status}: ${answer.body}`);
  const opened = await h.slack.waitFor('views.open', { since });
  const viewId = (opened.response as { view: { id: string } }).view.id;
  const { offering, timeoutMs } = options;
  const offers = (view: unknown) => offering === undefined || JSON.stringify(view).includes(offering);
  // The modal opens saying it is loading and fills in with an update; it may already offer the incident.
  if (offering === undefined || !offers(currentView(h, viewId))) {
    await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === viewId && offers(call.args.view), {
      since,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }
  return currentView(h, viewId);
}

/** Picks `value` (a linkOptionValue) in the link modal and submits it; returns Slack's ack body. */
export async function submitLinkModal(h: Harness, view: StoredView, value: string): Promise<Record<string, unknown>> {
  const response = await h.requester.viewSubmission(
    viewSubmissionPayload({ view, values: valuesFromView(view, { [LINK_FORM_BLOCKS.post]: value }) }),
  );
  if (response.status !== 200) throw new Error(`the link submission was answered ${response.status}: ${response.body}`);
  return (response.json ?? {}) as Record<string, unknown>;
}

/** Links the channel to the incident `value` (a linkOptionValue) through the modal; returns Slack's ack body. */
export async function linkChannel(
  h: Harness,
  value: string,
  options: Omit<OpenLinkModalOptions, 'offering'> = {},
): Promise<Record<string, unknown>> {
  return submitLinkModal(h, await openLinkModal(h, { ...options, offering: value }), value);
}
