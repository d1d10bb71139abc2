import { expect } from '@jest/globals';
import { FAKE_CHANNEL, type StoredMessage, type StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness, type HarnessOptions } from './herald-harness.js';
import { blockActionsPayload, valuesFromView, viewSubmissionPayload, type PayloadUser } from './slack-payloads.js';
import { currentView } from './update-form-driver.js';
import { isSummaryMessage } from './summary-messages.js';
import {
  CORRECT_LAST_UPDATE_ACTION,
  CORRECTION_FORM_CALLBACK_ID,
  CORRECTION_MESSAGE_BLOCK_ID,
  CORRECTION_RESULT_CALLBACK_ID,
  ECHO_ACTIONS_BLOCK_ID,
} from '../../src/slack/corrections/correction-ids.js';

// A responder's steps through "Correct last update": the button on an echo, the correction modal, its submit.

type Block = { type: string; block_id?: string; elements?: { action_id?: string; value?: string }[] };

export interface CorrectionAck {
  response_action?: string;
  view?: { title: { text: string }; blocks: unknown[] };
  errors?: Record<string, string>;
}

/** The incident channel the correction tests post in (Herald is a member). */
export const INCIDENT_CHANNEL = { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name };

/** A harness whose fake Slack has the incident channel; `options` as startHarness takes them. */
export function startCorrectionHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startHarness({ channels: [INCIDENT_CHANNEL], ...options });
}

type PagerDutyCall = Harness['pagerduty']['calls'][number];

/** The PUTs that corrected a PagerDuty entry in place, so far. */
export function correctionPuts(h: Harness): PagerDutyCall[] {
  return h.pagerduty.calls.filter((call) => call.operationId === 'updateStatusPagePostUpdate');
}

/** The channel's echoes (not the live summary, not notices), oldest first. */
export function echoesIn(h: Harness): StoredMessage[] {
  return h.slack
    .messagesIn(FAKE_CHANNEL.id)
    .filter((message) => !isSummaryMessage(message) && JSON.stringify(message.blocks ?? []).includes('Posted by <@'));
}

export function correctButton(message: StoredMessage): { value: string } | undefined {
  const actions = (message.blocks as Block[] | undefined)?.find((block) => block.block_id === ECHO_ACTIONS_BLOCK_ID);
  const button = actions?.elements?.find((element) => element.action_id === CORRECT_LAST_UPDATE_ACTION);
  return button?.value === undefined ? undefined : { value: button.value };
}

/** Clicks "Correct last update" on an echo; the response_url receives any private answer. */
export async function clickCorrect(
  h: Harness,
  message: StoredMessage,
  user?: PayloadUser,
): Promise<{ since: number; responseUrl: string }> {
  const since = h.slack.calls.length;
  const responseUrl = h.slack.newResponseUrl();
  const response = await h.requester.blockActions(
    blockActionsPayload({
      message: message as unknown as Record<string, unknown> & { ts: string },
      action: {
        action_id: CORRECT_LAST_UPDATE_ACTION,
        block_id: ECHO_ACTIONS_BLOCK_ID,
        type: 'button',
        value: correctButton(message)!.value,
      },
      trigger_id: h.slack.newTriggerId(),
      response_url: responseUrl,
      ...(user ? { user } : {}),
    }),
  );
  expect(response.status).toBe(200);
  return { since, responseUrl };
}

/** Clicks the button and waits for what Herald said privately instead of opening the modal. */
export async function clickCorrectExpectingAnswer(
  h: Harness,
  message: StoredMessage,
  user?: PayloadUser,
): Promise<{ text: string; since: number }> {
  const { since, responseUrl } = await clickCorrect(h, message, user);
  await h.slack.waitFor((call) => call.method === 'response_url' && responseUrl.endsWith(call.responseUrlId ?? '-'), { since });
  const said = h.slack.responses(responseUrl).at(-1)!;
  expect(said.response_type).toBe('ephemeral');
  return { text: String(said.text), since };
}

export async function openCorrectionForm(h: Harness, message: StoredMessage): Promise<StoredView> {
  const { since } = await clickCorrect(h, message);
  const opened = await h.slack.waitFor('views.open', { since });
  const view = (opened.response as { view: StoredView }).view;
  expect(view.callback_id).toBe(CORRECTION_FORM_CALLBACK_ID);
  return currentView(h, view.id);
}

/** Submits the correction; resolves with the ack and the result view Herald put in the modal. */
export async function submitCorrection(
  h: Harness,
  view: StoredView,
  text: string,
  user?: PayloadUser,
): Promise<{ ack: CorrectionAck; result: { title: { text: string }; blocks: unknown[] } | undefined }> {
  const since = h.slack.calls.length;
  const values = valuesFromView(view, { [CORRECTION_MESSAGE_BLOCK_ID]: text });
  const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values, ...(user ? { user } : {}) }));
  const ack = (response.json ?? {}) as CorrectionAck;
  if (ack.response_action !== 'update') return { ack, result: undefined };
  const result = await h.slack.waitFor(
    (call) =>
      call.method === 'views.update' &&
      call.args.view_id === view.id &&
      (call.args.view as { callback_id?: string }).callback_id === CORRECTION_RESULT_CALLBACK_ID,
    { since, timeoutMs: 15_000 },
  );
  return { ack, result: result.args.view as { title: { text: string }; blocks: unknown[] } };
}
