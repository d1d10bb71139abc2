import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { handleStatusUpdateCommand } from './status-update.js';

/** The slash command's name as configured in manifest.yml. */
export const STATUS_UPDATE_COMMAND = '/status-update';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(STATUS_UPDATE_COMMAND, handleStatusUpdateCommand(deps));
}
