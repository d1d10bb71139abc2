import { readFileSync } from 'node:fs';
import { webApi } from '@slack/bolt';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { readFunctionDefinitions } from '../fakes/slack/function-definitions.js';
import { slackError } from '../support/slack-errors.js';

// The fake Slack's custom steps are as strict as Slack: an execution is ended once, only one it delivered, and
// only with the outputs the manifest declares. Driven through the real WebClient, as the app calls it.

const quietLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

function clientFor(fake: FakeSlack, token: string): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
}

const INPUTS = { page: 'Acme Status', incident: 'Elevated API errors', status: 'identified', message: 'Rolling back.' };

function delivered(fake: FakeSlack): { executionId: string; token: string } {
  const body = fake.functions.deliver('post_status_page_update', INPUTS);
  const event = body.event as { function_execution_id: string; bot_access_token: string };
  return { executionId: event.function_execution_id, token: event.bot_access_token };
}

describe('the fake Slack’s custom steps', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('reads the steps and their outputs from manifest.yml', () => {
    const manifest =
      'functions:\n  a_step:\n    input_parameters:\n      page:\n        type: string\n    output_parameters:\n      id:\n        type: string\n        is_required: true\n      link:\n        type: string\nsettings:\n';
    expect(readFunctionDefinitions(manifest).get('a_step')).toEqual({
      callbackId: 'a_step',
      inputs: ['page'],
      outputs: [
        { name: 'id', type: 'string', required: true },
        { name: 'link', type: 'string', required: false },
      ],
    });
  });

  it('delivers function_executed with a workflow token that acts for the team', async () => {
    const { executionId, token } = delivered(fake);
    await clientFor(fake, token).functions.completeSuccess({
      function_execution_id: executionId,
      outputs: { update_id: 'E1', update_link: 'https://x' },
    });
    expect(fake.functions.get(executionId)).toMatchObject({ state: 'completed', outputs: { update_id: 'E1', update_link: 'https://x' } });
  });

  it('refuses an execution it never delivered, and a second completion', async () => {
    const client = clientFor(fake, fake.botToken);
    expect(await slackError(client.functions.completeError({ function_execution_id: 'Fx0NEVER', error: 'no' }))).toBe(
      'function_execution_not_found',
    );
    const { executionId } = delivered(fake);
    await client.functions.completeError({ function_execution_id: executionId, error: 'PagerDuty refused the update.' });
    expect(fake.functions.get(executionId)).toMatchObject({ state: 'failed', error: 'PagerDuty refused the update.' });
    expect(await slackError(client.functions.completeSuccess({ function_execution_id: executionId, outputs: {} }))).toBe(
      'function_execution_already_completed',
    );
  });

  it('refuses outputs the manifest does not declare, or without a required one, and an empty error', async () => {
    const client = clientFor(fake, fake.botToken);
    const { executionId } = delivered(fake);
    expect(
      await slackError(
        client.functions.completeSuccess({ function_execution_id: executionId, outputs: { update_id: 'E1', update_link: 'x', extra: 1 } }),
      ),
    ).toBe('invalid_output_parameters');
    expect(await slackError(client.functions.completeSuccess({ function_execution_id: executionId, outputs: { update_link: 'x' } }))).toBe(
      'invalid_output_parameters',
    );
    expect(await slackError(client.functions.completeError({ function_execution_id: executionId, error: ' ' }))).toBe('invalid_arguments');
    expect(fake.functions.get(executionId)?.state).toBe('running');
  });

  it('finds every function the manifest’s dynamic options name among its functions', () => {
    const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const named = [...manifest.matchAll(/function: "#\/functions\/(\w+)"/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(0);
    const defined = readFunctionDefinitions(manifest);
    for (const name of named)
      expect(defined.get(name)?.outputs).toEqual([{ name: 'options', type: 'slack#/types/options_select', required: false }]);
  });

  it('refuses options that are not a list of plain_text options', async () => {
    const client = clientFor(fake, fake.botToken);
    const body = fake.functions.deliver('status_page_options', {});
    const executionId = (body.event as { function_execution_id: string }).function_execution_id;
    expect(
      await slackError(
        client.functions.completeSuccess({ function_execution_id: executionId, outputs: { options: [{ text: 'Acme', value: 'a' }] } }),
      ),
    ).toBe('invalid_output_parameters');
    await client.functions.completeSuccess({
      function_execution_id: executionId,
      outputs: { options: [{ text: { type: 'plain_text', text: 'Acme' }, value: 'pagerduty:P1' }] },
    });
    expect(fake.functions.get(executionId)?.state).toBe('completed');
  });

  it('refuses to deliver inputs the step does not declare', () => {
    expect(() => fake.functions.deliver('post_status_page_update', { severity: 'major' })).toThrow(/declares no inputs severity/);
    expect(() => fake.functions.deliver('no_such_step', {})).toThrow(/no function/);
  });
});
