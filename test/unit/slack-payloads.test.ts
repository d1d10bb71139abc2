import {
  actionFromView,
  blockActionsPayload,
  blockSuggestionPayload,
  slashCommandBody,
  stateValueFor,
  valuesFromView,
  viewSubmissionPayload,
} from '../support/slack-payloads.js';

const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

/** A form shaped like Herald's: one input of each kind the app uses. */
const form = {
  id: 'V0FORM0001',
  hash: '1700000000.abcd1234',
  callback_id: 'status_update',
  private_metadata: '{"channel":"C0INCIDENT1"}',
  blocks: [
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'Tell the world' } },
    {
      type: 'input',
      block_id: 'incident',
      label: { type: 'plain_text', text: 'Incident' },
      element: { type: 'external_select', action_id: 'incident', min_query_length: 0 },
    },
    {
      type: 'input',
      block_id: 'status',
      label: { type: 'plain_text', text: 'Status' },
      element: {
        type: 'static_select',
        action_id: 'status',
        options: [option('Investigating', 'investigating'), option('Identified', 'identified')],
        initial_option: option('Investigating', 'investigating'),
      },
    },
    {
      type: 'input',
      block_id: 'message',
      label: { type: 'plain_text', text: 'Message' },
      element: { type: 'plain_text_input', action_id: 'message', multiline: true, max_length: 20 },
    },
    {
      type: 'input',
      block_id: 'components',
      optional: true,
      label: { type: 'plain_text', text: 'Components' },
      element: { type: 'multi_static_select', action_id: 'components', options: [option('API', 'c-api'), option('Web', 'c-web')] },
    },
    {
      type: 'input',
      block_id: 'notify',
      optional: true,
      label: { type: 'plain_text', text: 'Notify' },
      element: {
        type: 'checkboxes',
        action_id: 'notify',
        options: [{ text: { type: 'mrkdwn', text: '*Subscribers*' }, value: 'subscribers' }],
      },
    },
    {
      type: 'input',
      block_id: 'next_update',
      optional: true,
      label: { type: 'plain_text', text: 'Next update' },
      element: { type: 'datetimepicker', action_id: 'next_update' },
    },
  ],
};

describe('valuesFromView', () => {
  it('builds state.values from what the view offers, with Slack shapes and option texts', () => {
    const values = valuesFromView(form, {
      incident: { value: 'INC1', text: 'Checkout down' },
      status: 'identified',
      message: 'Fix is rolling out',
      components: ['c-web'],
      notify: ['subscribers'],
      next_update: new Date('2024-05-01T12:30:00Z'),
    });
    expect(values).toEqual({
      incident: {
        incident: {
          type: 'external_select',
          selected_option: { text: { type: 'plain_text', text: 'Checkout down', emoji: true }, value: 'INC1' },
        },
      },
      status: {
        status: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Identified', emoji: true }, value: 'identified' },
        },
      },
      message: { message: { type: 'plain_text_input', value: 'Fix is rolling out' } },
      components: {
        components: {
          type: 'multi_static_select',
          selected_options: [{ text: { type: 'plain_text', text: 'Web', emoji: true }, value: 'c-web' }],
        },
      },
      notify: {
        notify: { type: 'checkboxes', selected_options: [{ text: { type: 'mrkdwn', text: '*Subscribers*' }, value: 'subscribers' }] },
      },
      next_update: { next_update: { type: 'datetimepicker', selected_date_time: 1714566600 } },
    });
  });

  it('submits untouched inputs with their initial value, or empty when optional', () => {
    const values = valuesFromView(form, { incident: { value: 'INC1', text: 'Checkout down' }, message: 'Looking' });
    expect(values.status?.status?.selected_option?.value).toBe('investigating');
    expect(values.components?.components).toEqual({ type: 'multi_static_select', selected_options: [] });
    expect(values.next_update?.next_update).toEqual({ type: 'datetimepicker', selected_date_time: null });
  });

  it('refuses picks the user could not make', () => {
    const base = { incident: { value: 'INC1', text: 'Checkout down' }, message: 'ok' };
    expect(() => valuesFromView(form, { ...base, status: 'resolved' })).toThrow(
      'option value "resolved" is not offered; the view offers "investigating", "identified"',
    );
    expect(() => valuesFromView(form, { ...base, message: 'x'.repeat(21) })).toThrow('max_length is 20');
    expect(() => valuesFromView(form, { incident: { value: 'INC1', text: 'Checkout down' } })).toThrow(
      'block "message" (plain_text_input) is required and left empty',
    );
    expect(() => valuesFromView(form, { ...base, incident: 'INC1' })).toThrow('pick { value, text }');
    expect(() => valuesFromView(form, { ...base, intro: 'x' })).toThrow('no input block intro in the view');
  });
});

describe('stateValueFor', () => {
  it('shapes each element type as Slack does', () => {
    expect(stateValueFor({ type: 'plain_text_input', value: 'hi' })).toEqual({ type: 'plain_text_input', value: 'hi' });
    expect(stateValueFor({ type: 'static_select', option: { text: 'A', value: 'a' } })).toEqual({
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: 'A', emoji: true }, value: 'a' },
    });
    expect(stateValueFor({ type: 'checkboxes', options: [] })).toEqual({ type: 'checkboxes', selected_options: [] });
    expect(stateValueFor({ type: 'datetimepicker', selected_date_time: 1714566600 })).toEqual({
      type: 'datetimepicker',
      selected_date_time: 1714566600,
    });
  });
});

describe('payload builders', () => {
  it('slashCommandBody has the fields Slack sends, overridable', () => {
    const body = slashCommandBody({ text: 'hello world', channel_id: 'C0OTHER001' });
    expect(Object.keys(body)).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(body).toMatchObject({ command: '/status-update', text: 'hello world', channel_id: 'C0OTHER001' });
    expect(body.trigger_id).toMatch(/^\d{12}\.\d{11}\.[0-9a-f]{32}$/);
  });

  it('viewSubmissionPayload carries the stored view and the state', () => {
    const values = valuesFromView(form, { incident: { value: 'INC1', text: 'Checkout down' }, message: 'ok' });
    const payload = viewSubmissionPayload({ view: form, values });
    expect(payload).toMatchObject({
      type: 'view_submission',
      team: { id: 'T0HERALD01' },
      user: { id: 'U0RESPOND1' },
      view: {
        id: 'V0FORM0001',
        hash: '1700000000.abcd1234',
        callback_id: 'status_update',
        private_metadata: form.private_metadata,
        state: { values },
      },
    });
  });

  it('blockActionsPayload with actionFromView names the element and the option text from the view', () => {
    const payload = blockActionsPayload({ view: form, action: actionFromView(form, 'status', 'identified'), trigger_id: 't' });
    expect(payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: 'V0FORM0001' },
      trigger_id: 't',
      actions: [
        {
          type: 'static_select',
          block_id: 'status',
          action_id: 'status',
          selected_option: { value: 'identified', text: { text: 'Identified' } },
        },
      ],
    });
    expect(payload).not.toHaveProperty('response_url');
  });

  it('blockSuggestionPayload finds the external select, and refuses other elements', () => {
    expect(blockSuggestionPayload({ view: form, block_id: 'incident', value: 'check' })).toMatchObject({
      type: 'block_suggestion',
      action_id: 'incident',
      block_id: 'incident',
      value: 'check',
      container: { type: 'view', view_id: 'V0FORM0001' },
    });
    expect(() => blockSuggestionPayload({ view: form, block_id: 'status', value: 'x' })).toThrow('never asks for options');
  });
});
