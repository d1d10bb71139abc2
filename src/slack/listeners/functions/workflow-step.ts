import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { submitWorkflowStep, type WorkflowStepInputs, type WorkflowStepResult } from '../../../submitting/submit-workflow-step.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import type { ListenerDeps } from '../listener-deps.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';

// One run of a Herald step in a workflow: the inputs go to the use case, and its outcome back to Slack as the
// step's outputs (`complete`) or its error (`fail`, in the provider's own words when the page refused).

export type FunctionArgs = SlackEventMiddlewareArgs<'function_executed'> & AllMiddlewareArgs;

/** The inputs as Slack sent them: every value a workflow can hand over, read defensively. */
export type RawInputs = Record<string, unknown>;

export function textInput(inputs: RawInputs, name: string): string {
  const value = inputs[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function booleanInput(inputs: RawInputs, name: string): boolean {
  const value = inputs[name];
  return value === true || value === 'true';
}

/** The outputs the manifest declares for a step, from a published outcome. */
export type OutputsOf = (result: Extract<WorkflowStepResult, { outcome: 'published' }>) => Record<string, string>;

export function runWorkflowStep(deps: ListenerDeps, read: (inputs: RawInputs) => WorkflowStepInputs, outputsOf: OutputsOf) {
  return async ({ event, body, context, client, complete, fail }: FunctionArgs): Promise<void> => {
    // Without its execution id a step can be neither stored once nor ended: nothing to do but leave it.
    if (typeof event.function_execution_id !== 'string' || event.function_execution_id === '') return;
    const inputs = (event.inputs ?? {}) as RawInputs;
    const userId = textInput(inputs, 'user');
    const channelId = textInput(inputs, 'channel');
    if (userId === '' || channelId === '') {
      await fail({ error: 'Herald needs the step’s “Posted by” and “Incident channel” inputs.' });
      return;
    }
    const teamId = context.teamId ?? body.team_id ?? null;
    // HERALD_PUBLISHERS holds for a workflow as for the form: the person it publishes as must be a publisher.
    const refusal = await publishRefusal(deps.publishers, client, teamId, userId);
    if (refusal !== null) {
      await fail({ error: refusal });
      return;
    }
    const result = await submitWorkflowStep(
      {
        submissions: deps.stores.submissions,
        catalog: deps.catalog,
        logger: deps.logger,
        clock: deps.clock,
        publish: (id) => deps.publisher.enqueue(id),
      },
      { executionId: event.function_execution_id, teamId, userId, channelId },
      read(inputs),
    );
    try {
      if (result.outcome === 'published') await complete({ outputs: outputsOf(result) });
      else await fail({ error: result.reason });
    } catch (error) {
      // Most often the same execution delivered twice: the first delivery has ended it already. The update itself
      // is stored and published once either way.
      deps.logger.warn({ err: error, outcome: result.outcome }, 'Slack did not take the outcome of a workflow step');
      if (result.outcome !== 'published' || slackErrorCode(error) === 'function_execution_already_completed') return;
      // Published, but the outputs were refused: the workflow still hears where the update went, rather than hang.
      await fail({ error: `Published on ${result.pageName}, but Slack did not take this step's outputs.` }).catch(() => undefined);
    }
  };
}
