import type { App } from '@slack/bolt';
import type { ListenerDeps } from './listener-deps.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerFunctions } from './functions/index.js';
import { registerOptions } from './options/index.js';
import { registerViews } from './views/index.js';
import { registerTemplateListeners } from './templates/index.js';
import { registerShortcuts } from './shortcuts/index.js';

/** Every Slack surface Herald answers, one folder each. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerOptions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerFunctions(app, deps);
  registerTemplateListeners(app, deps);
  registerShortcuts(app, deps);
}
