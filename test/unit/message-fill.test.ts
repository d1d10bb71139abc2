import fc from 'fast-check';
import { buildUpdateForm } from '../../src/slack/update-form/blocks/update-form.js';
import { FORM_BLOCKS, FORM_ACTIONS, messageBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { decodeFormMetadata } from '../../src/slack/update-form/form-metadata.js';
import { fillMessage, type OfferedText } from '../../src/slack/update-form/message-fill.js';
import { parseUpdateForm } from '../../src/slack/update-form/read-update-form.js';
import { slackMessageToDraft } from '../../src/text/slack-message-to-draft.js';
import { picked, stage, submitted } from './support/form-fixtures.js';

// What the form does with text offered for its message (a template, the last update): fill what is empty, offer
// beside what is typed, and read the message at its new block id afterwards.

const OFFERED: OfferedText = {
  source: { kind: 'template', templateId: 'T1' },
  label: 'The template “Identified”',
  message: 'We have identified the cause.',
  statusId: 'PST2',
  title: 'Checkout errors',
};

const metadata = () => decodeFormMetadata(buildUpdateForm(stage('ready')).private_metadata!);
const typed = (message: string, status?: string) => ({
  [FORM_BLOCKS.message]: { [FORM_ACTIONS.message]: { type: 'plain_text_input', value: message } },
  ...(status
    ? { [FORM_BLOCKS.status]: { [FORM_ACTIONS.status]: { type: 'static_select', selected_option: picked(status, status) } } }
    : {}),
});

describe('fillMessage', () => {
  it('fills an empty message at a new block id, and the status nobody chose', () => {
    const filled = fillMessage(typed('  '), metadata(), OFFERED, false);
    expect(filled.metadata).toMatchObject({ messageRevision: 1, statusRevision: 1 });
    expect(filled.metadata.titleRevision).toBeUndefined();
    expect(filled.fill).toEqual({ message: OFFERED.message, statusId: 'PST2' });
    expect(filled.offer).toBeNull();
  });

  it('offers the text beside a typed message, keeps the block id, and leaves a chosen status', () => {
    const filled = fillMessage(typed('Our words', 'PST3'), metadata(), OFFERED, false);
    expect(filled.metadata.messageRevision).toBeUndefined();
    expect(filled.metadata.statusRevision).toBeUndefined();
    expect(filled.fill).toEqual({});
    expect(filled.offer).toEqual({ source: OFFERED.source, label: OFFERED.label, text: OFFERED.message });
  });

  it('replaces a typed message once confirmed', () => {
    const filled = fillMessage(typed('Our words'), metadata(), OFFERED, true);
    expect(filled.fill.message).toBe(OFFERED.message);
    expect(filled.metadata.messageRevision).toBe(1);
  });

  it('reads the status at the block id a template moved it to', () => {
    const base = stage('ready');
    const form = buildUpdateForm({ ...base, metadata: { ...base.metadata, statusRevision: 1 } });
    const meta = decodeFormMetadata(form.private_metadata!);
    const values = submitted(form, {
      'status:1': { selected_option: picked('identified', 'PST2') },
      [FORM_BLOCKS.severity]: { selected_option: picked('major', 'PSV2') },
      [FORM_BLOCKS.message]: { value: 'Text.' },
    });
    const parsed = parseUpdateForm(values, meta, new Date());
    expect(parsed.ok ? parsed.draft.status : parsed.errors).toEqual({ id: 'PST2', label: 'identified' });
  });

  it('reads the message, and names its errors, at the block id the form now shows', () => {
    const form = buildUpdateForm({ ...stage('ready'), metadata: { ...stage('ready').metadata, messageRevision: 2 } });
    const meta = decodeFormMetadata(form.private_metadata!);
    expect(form.blocks.some((block) => block.block_id === messageBlockId(2))).toBe(true);
    const empty = parseUpdateForm(submitted(form, { [messageBlockId(2)]: { value: '' } }), meta, new Date());
    expect(empty.ok ? [] : Object.keys(empty.errors)).toContain(messageBlockId(2));
  });

  it('never throws on any form state', () => {
    fc.assert(
      fc.property(fc.anything(), fc.boolean(), (values, confirmed) => {
        fillMessage(values, metadata(), OFFERED, confirmed);
      }),
    );
  });
});

describe('slackMessageToDraft', () => {
  it('undoes Slack’s three escapes, &amp; last, and keeps links and formatting', () => {
    expect(slackMessageToDraft('a &amp;lt; b &lt;x&gt; *bold* <https://e.com|e>')).toBe('a &lt; b <x> *bold* <https://e.com|e>');
  });
});
