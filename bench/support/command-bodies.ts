import type { FakeSlack } from '../../test/fakes/fake-slack.js';
import { slashCommandBody } from '../../test/support/slack-payloads.js';

// The `/status-update` commands the load scenarios send, as Slack posts them (form-encoded).

/** A `/status-update` as Slack posts it, with a trigger_id and response_url the fake Slack will honour. */
export function commandBody(slack: FakeSlack, triggerId = slack.newTriggerId(), responseUrl = slack.newResponseUrl()): string {
  return new URLSearchParams(slashCommandBody({ trigger_id: triggerId, response_url: responseUrl })).toString();
}

const TRIGGER_SLOT = 'TRIGGER_ID_SLOT';
const RESPONSE_URL_SLOT = 'RESPONSE_URL_SLOT';

/**
 * `/status-update` bodies for a load, one per call: commandBody's text laid out once, each call filling in a
 * fresh trigger_id and response_url (all that differs between two commands from one channel). Encoding the
 * whole body anew for every request cost the load generator's core, which the app's rate depends on.
 */
export function commandBodies(slack: FakeSlack): () => string {
  const parts = commandBody(slack, TRIGGER_SLOT, RESPONSE_URL_SLOT).split(new RegExp(`(${TRIGGER_SLOT}|${RESPONSE_URL_SLOT})`));
  return () =>
    parts
      .map((part) =>
        part === TRIGGER_SLOT
          ? encodeURIComponent(slack.newTriggerId())
          : part === RESPONSE_URL_SLOT
            ? encodeURIComponent(slack.newResponseUrl())
            : part,
      )
      .join('');
}
