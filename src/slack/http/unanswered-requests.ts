import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';
import { escapeMrkdwn, quotable } from '../../slack-kit/mrkdwn.js';
import { MESSAGE_BLOCK_ID, UPDATE_FORM_CALLBACK_ID, isMessageBlockId } from '../update-form/blocks/update-form-ids.js';

// Slack shows its own vague error ("We had some trouble connecting") for any request not answered within
// 3 seconds, and Bolt leaves a request unanswered when no listener matches it (an unknown view, button or
// command) or when a listener failed before acknowledging. Here every request that leaves Bolt unanswered
// is answered at once, with words the person can act on, instead of a timeout and a 404.

type Body = Record<string, unknown>;

/**
 * Wraps Bolt's entry point for received requests (`App#processEvent`, what every receiver calls) so that a
 * request still unacknowledged when the listeners are done gets `unansweredResponse(body)`.
 */
export function answerWhatListenersLeaveUnanswered(app: App, logger: Logger): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    let acknowledged = false;
    const ack = event.ack;
    const tracked: ReceiverEvent = {
      ...event,
      ack: async (response?: unknown) => {
        acknowledged = true;
        await ack(response);
      },
    };
    try {
      await processEvent(tracked);
    } finally {
      if (!acknowledged) {
        logger.warn({ type: describeType(event.body) }, 'no listener answered a Slack request; answering for it');
        await ack(unansweredResponse(event.body)).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not answer an unanswered Slack request'),
        );
      }
    }
  };
}

/** What to answer a request nobody answered: something Slack shows, in words, wherever it can. */
export function unansweredResponse(body: Body): unknown {
  if (typeof body.command === 'string') {
    return {
      response_type: 'ephemeral',
      text: `Herald could not handle \`${escapeMrkdwn(quotable(String(body.command)))}\` just now. Try again; if it keeps failing, tell whoever runs Herald.`,
    };
  }
  switch (body.type) {
    case 'view_submission':
      return isUpdateForm(body)
        ? {
            response_action: 'errors',
            errors: { [messageBlockOf(body)]: 'Herald hit a problem with this form. Your text is still here: try again in a moment.' },
          }
        : { response_action: 'update', view: unknownFormView() };
    case 'block_suggestion':
      return { options: [] };
    default:
      return undefined;
  }
}

/** The message box's block id as the form shows it (it moves when Herald puts a template's text in it). */
function messageBlockOf(body: Body): string {
  const blocks = (body.view as { blocks?: unknown } | undefined)?.blocks;
  if (!Array.isArray(blocks)) return MESSAGE_BLOCK_ID;
  const message = blocks.find((block): block is { block_id: string } => {
    const id = (block as { block_id?: unknown } | null)?.block_id;
    return typeof id === 'string' && isMessageBlockId(id);
  });
  return message?.block_id ?? MESSAGE_BLOCK_ID;
}

function isUpdateForm(body: Body): boolean {
  const view = body.view;
  return typeof view === 'object' && view !== null && (view as Body).callback_id === UPDATE_FORM_CALLBACK_ID;
}

/** For a form Herald does not know (from an older version, or altered): say so, instead of a silent failure. */
function unknownFormView(): Record<string, unknown> {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Herald' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Herald does not recognise this form (it may be from an older version of Herald). Nothing was published. Copy anything you typed, close this, and run `/status-update` again.',
        },
      },
    ],
  };
}

function describeType(body: Body): string {
  if (typeof body.command === 'string') return 'command';
  return typeof body.type === 'string' ? body.type.slice(0, 40) : 'unknown';
}
