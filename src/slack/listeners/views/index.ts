import type { ListenerRegistry } from '../listener-router.js';
import type { ListenerDeps } from '../listener-deps.js';
import { LINK_FORM_CALLBACK_ID } from '../../channel-links/link-form.js';
import { handleLinkFormSubmission } from './submit-link-form.js';
import { handleUpdateFormSubmission } from './submit-update-form.js';
import { handleCorrectionSubmission } from './submit-correction.js';
import { CORRECTION_FORM_CALLBACK_ID } from '../../corrections/correction-ids.js';
import { EXTEND_WINDOW_CALLBACK_ID } from '../../maintenance/extend-window-modal.js';
import { handleExtendWindowSubmission } from './submit-extend-window.js';
import { ANNOUNCE_FORM_CALLBACK_ID } from '../../announcements/announcement-picker.js';
import { handleAnnounceFormSubmission } from './submit-announce-form.js';
import { UPDATE_FORM_CALLBACK_ID } from '../../update-form/blocks/update-form-ids.js';

export function registerViews(listeners: ListenerRegistry, deps: ListenerDeps): void {
  listeners.view(UPDATE_FORM_CALLBACK_ID, handleUpdateFormSubmission(deps));
  listeners.view(LINK_FORM_CALLBACK_ID, handleLinkFormSubmission(deps));
  listeners.view(CORRECTION_FORM_CALLBACK_ID, handleCorrectionSubmission(deps));
  listeners.view(EXTEND_WINDOW_CALLBACK_ID, handleExtendWindowSubmission(deps));
  listeners.view(ANNOUNCE_FORM_CALLBACK_ID, handleAnnounceFormSubmission(deps));
}
