import type { ListenerDeps } from '../listener-deps.js';
import { booleanInput, runWorkflowStep, textInput } from './workflow-step.js';

/** "Post a status page update": an update to an open incident or maintenance, as the update form would send it. */
export function handlePostUpdateStep(deps: ListenerDeps) {
  return runWorkflowStep(
    deps,
    (inputs) => ({
      step: 'update',
      inputs: {
        page: textInput(inputs, 'page'),
        incident: textInput(inputs, 'incident'),
        status: textInput(inputs, 'status'),
        message: textInput(inputs, 'message'),
        notify: booleanInput(inputs, 'notify'),
      },
    }),
    (published) => ({ update_id: published.entryId, ...(published.link ? { update_link: published.link } : {}) }),
  );
}
