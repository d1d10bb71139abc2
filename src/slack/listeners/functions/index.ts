import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { handleOpenIncidentStep } from './open-status-incident.js';
import { handlePostUpdateStep } from './post-status-update.js';
import { OPEN_INCIDENT_STEP, POST_UPDATE_STEP } from './step-ids.js';

/** Herald's Workflow Builder steps (docs/workflow-steps.md). */
export function registerFunctions(app: App, deps: ListenerDeps): void {
  app.function(POST_UPDATE_STEP, handlePostUpdateStep(deps));
  app.function(OPEN_INCIDENT_STEP, handleOpenIncidentStep(deps));
}
