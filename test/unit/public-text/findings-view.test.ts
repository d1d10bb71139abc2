import type { Finding } from '../../../src/updates/public-text/check-public-text.js';
import {
  FINDINGS_BLOCK_ID,
  findingsBlocks,
  formWithFindings,
  PUBLISH_ANYWAY_ACTION,
  readPublishAnyway,
} from '../../../src/slack/update-form/public-text-findings.js';

// The form answered with the findings: under the message, escaped, everything typed kept, the box only when allowed.

const mention: Finding = {
  kind: 'slack-syntax',
  field: 'message',
  summary: 'Slack mentions: “<!here>”.',
  why: 'Why & how.',
  blocking: false,
};
const secret: Finding = {
  kind: 'secret',
  field: 'message',
  summary: 'What looks like a Slack token.',
  why: 'Leaked for good.',
  blocking: true,
};

const view = {
  callback_id: 'update_form',
  title: { type: 'plain_text' as const, text: 'Status update' },
  submit: { type: 'plain_text' as const, text: 'Publish' },
  private_metadata: '{"v":1}',
  blocks: [
    {
      type: 'input',
      block_id: 'status',
      label: { type: 'plain_text', text: 'Status' },
      element: {
        type: 'static_select',
        action_id: 'status_select',
        options: [{ text: { type: 'plain_text', text: 'Identified' }, value: 'identified' }],
      },
    },
    {
      type: 'input',
      block_id: 'message',
      label: { type: 'plain_text', text: 'Message' },
      element: { type: 'plain_text_input', action_id: 'message_input', multiline: true },
    },
    { type: 'section', block_id: FINDINGS_BLOCK_ID, text: { type: 'mrkdwn', text: 'old findings' } },
    {
      type: 'input',
      block_id: 'notify',
      label: { type: 'plain_text', text: 'Notify' },
      element: {
        type: 'checkboxes',
        action_id: 'notify_checkbox',
        options: [{ text: { type: 'plain_text', text: 'Notify' }, value: 'notify' }],
      },
    },
  ],
  state: {
    values: {
      status: {
        status_select: {
          type: 'static_select',
          selected_option: { value: 'identified', text: { type: 'plain_text', text: 'Identified' } },
        },
      },
      message: { message_input: { type: 'plain_text_input', value: 'What the user typed <@U1>' } },
      notify: { notify_checkbox: { type: 'checkboxes', selected_options: [] } },
    },
  },
};

describe('the form with findings', () => {
  it('puts the findings under the message, escaped, replacing the old ones, and keeps what was typed', () => {
    const form = formWithFindings(view, [mention], true)!;
    const ids = form.blocks.map((block) => block.block_id);
    expect(ids).toEqual(['status', 'message', FINDINGS_BLOCK_ID, 'public_text_publish_anyway:slack-syntax', 'notify']);
    expect(JSON.stringify(form.blocks[2])).toContain('&lt;!here&gt;');
    expect(JSON.stringify(form.blocks[2])).toContain('Why &amp; how.');
    expect(form.blocks[1]).toMatchObject({ element: { initial_value: 'What the user typed <@U1>' } });
    expect(form.blocks[0]).toMatchObject({ element: { initial_option: { value: 'identified' } } });
    expect(form).toMatchObject({ callback_id: 'update_form', private_metadata: '{"v":1}', submit: { text: 'Publish' } });
  });

  it('offers no "Publish anyway" when a secret is among the findings', () => {
    const blocks = findingsBlocks([mention, secret], false);
    expect(blocks.map((block) => block.block_id)).toEqual([FINDINGS_BLOCK_ID]);
    expect(JSON.stringify(blocks)).toContain('cannot be published anyway');
  });

  it('gives up on a form with no room left, so the caller says it as a field error', () => {
    const full = { ...view, blocks: Array.from({ length: 99 }, (_, i) => ({ type: 'divider', block_id: `d${i}` })) };
    expect(formWithFindings(full, [mention], true)).toBeNull();
  });

  it('reads the tick, and the kinds it was given for', () => {
    const ticked = {
      'public_text_publish_anyway:slack-syntax': {
        [PUBLISH_ANYWAY_ACTION]: { selected_options: [{ value: 'over:internal-hostname,slack-syntax' }] },
      },
    };
    expect(readPublishAnyway(ticked)).toEqual(['internal-hostname', 'slack-syntax']);
    expect(readPublishAnyway({ 'public_text_publish_anyway:x': { [PUBLISH_ANYWAY_ACTION]: { selected_options: [] } } })).toBeNull();
    expect(readPublishAnyway(null)).toBeNull();
    expect(readPublishAnyway({ 'public_text_publish_anyway:x': 'nonsense' })).toBeNull();
  });
});
