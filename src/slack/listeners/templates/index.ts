import type { ListenerRegistry } from '../listener-router.js';
import {
  TEMPLATE_ADD_ACTION,
  TEMPLATE_DELETE_ACTION,
  TEMPLATE_DELETE_CALLBACK_ID,
  TEMPLATE_EDIT_ACTION,
  TEMPLATE_FORM_CALLBACK_ID,
  TEMPLATE_PREVIEW_ACTION,
} from '../../templates/template-ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { handleAddTemplate, handleDeleteTemplate, handleEditTemplate, handlePreviewTemplate } from './template-buttons.js';
import { handleTemplateDeleteSubmission } from './submit-template-delete.js';
import { handleTemplateFormSubmission } from './submit-template-form.js';

/** The template modals' buttons and submissions (the list opens from `/status-update templates`). */
export function registerTemplateListeners(listeners: ListenerRegistry, deps: ListenerDeps): void {
  listeners.action(TEMPLATE_ADD_ACTION, handleAddTemplate(deps));
  listeners.action(TEMPLATE_EDIT_ACTION, handleEditTemplate(deps));
  listeners.action(TEMPLATE_DELETE_ACTION, handleDeleteTemplate(deps));
  listeners.action(TEMPLATE_PREVIEW_ACTION, handlePreviewTemplate(deps));
  listeners.view(TEMPLATE_FORM_CALLBACK_ID, handleTemplateFormSubmission(deps));
  listeners.view(TEMPLATE_DELETE_CALLBACK_ID, handleTemplateDeleteSubmission(deps));
}
