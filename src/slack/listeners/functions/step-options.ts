import type { StepOption } from '../../../submitting/workflow-step-options.js';
import { incidentOptions, pageOptions, statusOptions } from '../../../submitting/workflow-step-options.js';
import type { ListenerDeps } from '../listener-deps.js';
import { type FunctionArgs, type RawInputs, textInput } from './workflow-step.js';

// The functions behind the pickers of Herald's steps (manifest: `dynamic_options`). Slack runs them while a
// workflow is being built and waits for their options, so each is answered before the event is acknowledged
// (registered with autoAcknowledge off), and never waits on a slow page for long: what is not read in time is
// left out, and the builder may still type a value.

/** Slack's limit on an option's text. */
const OPTION_TEXT_MAX = 75;
/** How long a builder waits for a list before it is answered with what there is (nothing). */
const READ_TIMEOUT_MS = 2_000;

export function handleStepOptions(deps: ListenerDeps, list: (inputs: RawInputs) => Promise<StepOption[]>) {
  return async ({ event, complete, ack }: FunctionArgs & { ack: () => Promise<void> }): Promise<void> => {
    try {
      const options = await withinTime(list((event.inputs ?? {}) as RawInputs)).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'could not list the options of a workflow step');
        return [];
      });
      await complete({
        outputs: {
          options: options.map((option) => ({ text: { type: 'plain_text', text: truncate(option.label) }, value: option.value })),
        },
      }).catch((error: unknown) => deps.logger.warn({ err: error }, 'Slack did not take the options of a workflow step'));
    } finally {
      await ack();
    }
  };
}

export const listPages = (deps: ListenerDeps) => handleStepOptions(deps, () => pageOptions(deps.catalog));
export const listIncidents = (deps: ListenerDeps) =>
  handleStepOptions(deps, (inputs) => incidentOptions(deps.catalog, textInput(inputs, 'page')));
export const listStatuses = (deps: ListenerDeps) =>
  handleStepOptions(deps, (inputs) => statusOptions(deps.catalog, textInput(inputs, 'page'), textInput(inputs, 'incident')));

function truncate(text: string): string {
  return text.length <= OPTION_TEXT_MAX ? text : `${text.slice(0, OPTION_TEXT_MAX - 1)}…`;
}

async function withinTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not read within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
