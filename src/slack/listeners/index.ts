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
import { routeListeners } from './listener-router.js';

/** Every Slack surface Herald answers, one folder each. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  // Buttons, selects, submissions and option lists reach Bolt as one listener per kind (listener-router.ts).
  const listeners = routeListeners(app);
  registerCommands(app, deps);
  registerActions(listeners, deps);
  registerOptions(listeners, deps);
  registerViews(listeners, deps);
  registerEvents(app, deps);
  registerFunctions(app, deps);
  registerTemplateListeners(listeners, deps);
  registerShortcuts(app, deps);
  listeners.install();
}
