import type { ModalView } from '@slack/types';
import type { Template } from '../../templates/template.js';
import { mrkdwnSection, plainSection, viewLabel } from '../../slack-kit/elements.js';
import { escapeMrkdwn, truncate } from '../../slack-kit/mrkdwn.js';
import { TEMPLATE_DELETE_CALLBACK_ID } from './template-ids.js';
import { encodeTemplateMetadata, type TemplateModalMetadata } from './template-metadata.js';

// Deleting a template asks first, in a modal of its own. A default Herald ships stays deleted.

export function buildTemplateDeleteView(template: Template, metadata: TemplateModalMetadata): ModalView {
  const shipped = template.defaultKey === null ? '' : ' It is one of Herald’s defaults: it will not come back.';
  return {
    type: 'modal',
    callback_id: TEMPLATE_DELETE_CALLBACK_ID,
    private_metadata: encodeTemplateMetadata(metadata),
    title: viewLabel('Delete template'),
    submit: viewLabel('Delete'),
    close: viewLabel('Back'),
    blocks: [
      mrkdwnSection(`Delete the template *${escapeMrkdwn(truncate(template.name, 75))}* for everyone in this workspace?${shipped}`, {
        verbatim: true,
      }),
    ],
  };
}

/** Said instead of a form, in a modal: the template is gone, or the person may not manage templates. */
export function buildTemplateNoticeView(title: string, text: string): ModalView {
  return { type: 'modal', title: viewLabel(title), close: viewLabel('Back'), blocks: [plainSection(text)] };
}
