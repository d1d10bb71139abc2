import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { DRAFT_STATUS_UPDATE_CALLBACK_ID, handleDraftStatusUpdate } from './draft-status-update.js';

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  app.shortcut({ type: 'message_action', callback_id: DRAFT_STATUS_UPDATE_CALLBACK_ID }, handleDraftStatusUpdate(deps));
}
