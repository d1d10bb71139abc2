import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { handleOpenIncidentStep } from './open-status-incident.js';
import { handlePostUpdateStep } from './post-status-update.js';
import { INCIDENT_OPTIONS_STEP, OPEN_INCIDENT_STEP, PAGE_OPTIONS_STEP, POST_UPDATE_STEP, STATUS_OPTIONS_STEP } from './step-ids.js';
import { listIncidents, listPages, listStatuses } from './step-options.js';

/** Herald's Workflow Builder steps (docs/workflow-steps.md). */
export function registerFunctions(app: App, deps: ListenerDeps): void {
  app.function(POST_UPDATE_STEP, handlePostUpdateStep(deps));
  app.function(OPEN_INCIDENT_STEP, handleOpenIncidentStep(deps));
  // Slack waits for a picker's options before the event is acknowledged (docs/workflow-steps.md).
  app.function(PAGE_OPTIONS_STEP, { autoAcknowledge: false }, listPages(deps));
  app.function(INCIDENT_OPTIONS_STEP, { autoAcknowledge: false }, listIncidents(deps));
  app.function(STATUS_OPTIONS_STEP, { autoAcknowledge: false }, listStatuses(deps));
}
