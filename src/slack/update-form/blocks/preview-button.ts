import type { ActionsBlock } from '@slack/types';
import { plainText } from '../../../slack-kit/elements.js';
import { PREVIEW_ACTION, PREVIEW_ACTIONS_BLOCK_ID } from './update-form-ids.js';

/** "Preview" near Publish: pushes the update, as the status page will show it, over the form. */
export function previewButtonBlock(): ActionsBlock {
  return {
    type: 'actions',
    block_id: PREVIEW_ACTIONS_BLOCK_ID,
    elements: [{ type: 'button', action_id: PREVIEW_ACTION, text: plainText('Preview', 75), value: 'preview' }],
  };
}
