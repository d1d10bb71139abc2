import type { ListenerDeps } from '../listener-deps.js';
import { booleanInput, runWorkflowStep, textInput } from './workflow-step.js';

/** "Open a status page incident": a new incident, opened as the create form would open it. */
export function handleOpenIncidentStep(deps: ListenerDeps) {
  return runWorkflowStep(
    deps,
    (inputs) => ({
      step: 'open',
      inputs: {
        page: textInput(inputs, 'page'),
        title: textInput(inputs, 'title'),
        status: textInput(inputs, 'status'),
        impact: textInput(inputs, 'impact'),
        message: textInput(inputs, 'message'),
        components: textInput(inputs, 'components'),
        notify: booleanInput(inputs, 'notify'),
      },
    }),
    (published) => ({ incident_id: published.incidentId, ...(published.link ? { incident_link: published.link } : {}) }),
  );
}
