import type { ListenerRegistry } from '../listener-router.js';
import type { ListenerDeps } from '../listener-deps.js';
import { REMINDER_POST_UPDATE_ACTION, REMINDER_SNOOZE_ACTION_PATTERN } from '../../../reminders/reminder-message.js';
import { handleEditAndRetry } from './edit-and-retry.js';
import { handleMaintenanceExtend } from './maintenance-extend.js';
import { handlePublishDraft } from './publish-draft.js';
import { PUBLISH_DRAFT_ACTION } from '../../outcome/echo-message.js';
import { MAINTENANCE_EXTEND_ACTION } from '../../../reminders/maintenance-reminder-message.js';
import { handleReminderPostUpdate, handleReminderSnooze } from './reminder-buttons.js';
import { handlePageSelected } from './page-selected.js';
import { handlePostSelected } from './post-selected.js';
import { handleKindSelected } from './kind-selected.js';
import { handleStatusSelected } from './status-selected.js';
import { UNLINK_PAGE_ACTION } from '../../channel-links/unlink-message.js';
import { handleUnlinkPage } from './unlink-page.js';
import { handleCorrectLastUpdate } from './correct-last-update.js';
import { handlePreviewUpdate } from './preview-update.js';
import { handleHomeNewPost, handleHomeOpenChannel, handleHomePostUpdate } from './home-buttons.js';
import { HOME_NEW_POST_ACTION, HOME_OPEN_CHANNEL_ACTION, HOME_POST_UPDATE_ACTION, HOME_RESOLVE_ACTION } from '../../home/home-ids.js';
import { EDIT_AND_RETRY_ACTION } from '../../outcome/outcome-ids.js';
import { CORRECT_LAST_UPDATE_ACTION } from '../../corrections/correction-ids.js';
import {
  KIND_SELECT_ACTION,
  PAGE_SELECT_ACTION,
  POST_SELECT_ACTION,
  STATUS_SELECT_ACTION,
} from '../../update-form/blocks/update-form-ids.js';
import {
  LAST_UPDATE_ACTION,
  PREVIEW_ACTION,
  REPLACE_MESSAGE_ACTION,
  TEMPLATE_SELECT_ACTION,
} from '../../update-form/blocks/update-form-ids.js';
import { handleTemplateSelected } from './template-selected.js';
import { handleStartFromLastUpdate } from './start-from-last-update.js';
import { handleReplaceMessage } from './replace-message.js';

export function registerActions(listeners: ListenerRegistry, deps: ListenerDeps): void {
  listeners.action(PAGE_SELECT_ACTION, handlePageSelected(deps));
  listeners.action(POST_SELECT_ACTION, handlePostSelected(deps));
  listeners.action(KIND_SELECT_ACTION, handleKindSelected(deps));
  listeners.action(STATUS_SELECT_ACTION, handleStatusSelected(deps));
  listeners.action(EDIT_AND_RETRY_ACTION, handleEditAndRetry(deps));
  listeners.action(PREVIEW_ACTION, handlePreviewUpdate(deps));
  listeners.action(TEMPLATE_SELECT_ACTION, handleTemplateSelected(deps));
  listeners.action(LAST_UPDATE_ACTION, handleStartFromLastUpdate(deps));
  listeners.action(REPLACE_MESSAGE_ACTION, handleReplaceMessage(deps));
  listeners.action(CORRECT_LAST_UPDATE_ACTION, handleCorrectLastUpdate(deps));
  listeners.action(new RegExp(`^${UNLINK_PAGE_ACTION}:`), handleUnlinkPage(deps));
  listeners.action(REMINDER_POST_UPDATE_ACTION, handleReminderPostUpdate(deps));
  listeners.action(REMINDER_SNOOZE_ACTION_PATTERN, handleReminderSnooze(deps));
  listeners.action(MAINTENANCE_EXTEND_ACTION, handleMaintenanceExtend(deps));
  listeners.action(PUBLISH_DRAFT_ACTION, handlePublishDraft(deps));
  listeners.action(HOME_POST_UPDATE_ACTION, handleHomePostUpdate(deps));
  listeners.action(HOME_RESOLVE_ACTION, handleHomePostUpdate(deps));
  listeners.action(HOME_OPEN_CHANNEL_ACTION, handleHomeOpenChannel());
  listeners.action(HOME_NEW_POST_ACTION, handleHomeNewPost(deps));
}
