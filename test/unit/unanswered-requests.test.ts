import { App, type Receiver } from '@slack/bolt';
import { createLogger } from '../../src/observability/logger.js';
import { answerWhatListenersLeaveUnanswered } from '../../src/slack/http/unanswered-requests.js';
import { MESSAGE_BLOCK_ID, UPDATE_FORM_CALLBACK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A listener that fails before it acknowledges leaves Slack waiting, and after 3 seconds the person sees
// Slack's own vague error. Herald answers for it, at once, in words the person can act on, with the text kept.

const receiver: Receiver = { init: () => undefined, start: async () => undefined, stop: async () => undefined };

function appWith(listener: () => Promise<void>): App {
  const app = new App({ authorize: async () => ({ botToken: 'xoxb-unit' }), receiver, logger: undefined, convoStore: false });
  app.view(UPDATE_FORM_CALLBACK_ID, listener);
  app.command('/status-update', listener);
  app.error(async () => undefined); // the test looks at the answer, not the log
  answerWhatListenersLeaveUnanswered(app, createLogger('silent'));
  return app;
}

const submission = {
  type: 'view_submission',
  user: { id: 'U1', team_id: 'T1' },
  team: { id: 'T1' },
  view: { id: 'V1', callback_id: UPDATE_FORM_CALLBACK_ID, hash: 'h', state: { values: {} }, private_metadata: '' },
};

describe('what listeners leave unanswered', () => {
  it('a form whose listener fails before answering gets a field error under the message, its text kept', async () => {
    const acks: unknown[] = [];
    const app = appWith(async () => {
      throw new Error('failed before acknowledging');
    });
    await app.processEvent({ body: submission, ack: async (response) => void acks.push(response) }).catch(() => undefined);
    expect(acks).toEqual([
      { response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: expect.stringContaining('Your text is still here') } },
    ]);
  });

  it('puts that error under the message box where Herald has moved it (a template filled it)', async () => {
    const acks: unknown[] = [];
    const app = appWith(async () => {
      throw new Error('failed before acknowledging');
    });
    const moved = { ...submission, view: { ...submission.view, blocks: [{ type: 'input', block_id: 'message:2' }] } };
    await app.processEvent({ body: moved, ack: async (response) => void acks.push(response) }).catch(() => undefined);
    expect(acks).toEqual([{ response_action: 'errors', errors: { 'message:2': expect.stringContaining('Your text is still here') } }]);
  });

  it('a command whose listener fails before answering gets a message that names it', async () => {
    const acks: unknown[] = [];
    const app = appWith(async () => {
      throw new Error('failed before acknowledging');
    });
    const command = {
      command: '/status-update',
      text: '',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: 't',
      response_url: 'https://hooks.slack.test/r',
    };
    await app.processEvent({ body: command, ack: async (response) => void acks.push(response) }).catch(() => undefined);
    expect(acks).toEqual([{ response_type: 'ephemeral', text: expect.stringContaining('Herald could not handle `/status-update`') }]);
  });

  it('a listener that answered is not answered for again', async () => {
    const acks: unknown[] = [];
    const app = new App({ authorize: async () => ({ botToken: 'xoxb-unit' }), receiver, convoStore: false });
    app.view(UPDATE_FORM_CALLBACK_ID, async ({ ack }) => {
      await ack();
    });
    answerWhatListenersLeaveUnanswered(app, createLogger('silent'));
    await app.processEvent({ body: submission, ack: async (response) => void acks.push(response) });
    expect(acks).toEqual([undefined]);
  });
});
