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
export function registerTemplateListeners(app: ListenerRegistry, deps: ListenerDeps): void {
  app.action(TEMPLATE_ADD_ACTION, handleAddTemplate(deps));
  app.action(TEMPLATE_EDIT_ACTION, handleEditTemplate(deps));
  app.action(TEMPLATE_DELETE_ACTION, handleDeleteTemplate(deps));
  app.action(TEMPLATE_PREVIEW_ACTION, handlePreviewTemplate(deps));
  app.view(TEMPLATE_FORM_CALLBACK_ID, handleTemplateFormSubmission(deps));
  app.view(TEMPLATE_DELETE_CALLBACK_ID, handleTemplateDeleteSubmission(deps));
}
