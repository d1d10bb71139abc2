import { randomBytes } from 'node:crypto';
import { readAppFunctionDefinitions, type FunctionDefinition } from './function-definitions.js';
import { isObject, violation } from './block-rules.js';
import { type Answer, fail, type MethodContext, type MethodHandler, reject } from './method-context.js';
import { FAKE_WORKSPACE } from './workspace.js';

// Workflow Builder's custom steps, as Slack runs them for an app with `function_runtime: remote`: the fake
// delivers a `function_executed` event (the app's step in a running workflow, with a workflow token of its own),
// and the app ends that execution once with functions.completeSuccess (outputs exactly as its manifest declares
// them) or functions.completeError (a message for the workflow's author). An execution id the fake never
// delivered, a second completion, or outputs the manifest does not declare are refused as Slack refuses them.

export interface FunctionExecution {
  executionId: string;
  callbackId: string;
  /** The workflow token Slack hands the app with the event (`bot_access_token`); valid for this execution. */
  token: string;
  teamId: string;
  inputs: Record<string, unknown>;
  state: 'running' | 'completed' | 'failed';
  outputs?: Record<string, unknown>;
  error?: string;
}

export class FunctionExecutions {
  private readonly executions = new Map<string, FunctionExecution>();
  private readonly byToken = new Map<string, FunctionExecution>();
  private readonly definitions: Map<string, FunctionDefinition>;

  constructor(definitions = readAppFunctionDefinitions()) {
    this.definitions = definitions;
  }

  /**
   * A new run of the step `callbackId`: the `event_callback` body Slack posts for it. Its execution id is
   * remembered, so the same body may be sent again (Slack's retries) and completed once.
   */
  deliver(callbackId: string, inputs: Record<string, unknown>, teamId: string = FAKE_WORKSPACE.teamId): Record<string, unknown> {
    const definition = this.definitions.get(callbackId);
    if (!definition) throw new Error(`the manifest declares no function "${callbackId}"`);
    const unknown = Object.keys(inputs).filter((name) => !definition.inputs.includes(name));
    if (unknown.length > 0) throw new Error(`"${callbackId}" declares no inputs ${unknown.join(', ')}`);
    const executionId = `Fx${randomBytes(6).toString('hex').toUpperCase()}`;
    const execution: FunctionExecution = {
      executionId,
      callbackId,
      token: `xwfp-${randomBytes(12).toString('hex')}`,
      teamId,
      inputs,
      state: 'running',
    };
    this.executions.set(executionId, execution);
    this.byToken.set(execution.token, execution);
    const now = Date.now() / 1000;
    return {
      token: FAKE_WORKSPACE.verificationToken,
      team_id: teamId,
      api_app_id: FAKE_WORKSPACE.appId,
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(now),
      event: {
        type: 'function_executed',
        function: {
          id: `Fn${randomBytes(5).toString('hex').toUpperCase()}`,
          callback_id: callbackId,
          title: callbackId,
          type: 'app',
          app_id: FAKE_WORKSPACE.appId,
          date_created: Math.floor(now),
          date_updated: Math.floor(now),
          date_deleted: 0,
        },
        inputs,
        function_execution_id: executionId,
        workflow_execution_id: `Wx${randomBytes(6).toString('hex').toUpperCase()}`,
        event_ts: now.toFixed(6),
        bot_access_token: execution.token,
      },
    };
  }

  get(executionId: string): FunctionExecution | undefined {
    return this.executions.get(executionId);
  }

  /** The team a workflow token was handed out for. */
  teamOfToken(token: string): string | undefined {
    return this.byToken.get(token)?.teamId;
  }

  clear(): void {
    this.executions.clear();
    this.byToken.clear();
  }

  readonly completeSuccess: MethodHandler = (args, ctx) => {
    const { execution: found, refusal } = this.running(args, ctx);
    if (!found) return refusal;
    const outputs = decode(args.outputs);
    if (!isObject(outputs)) return reject(ctx, 'invalid_arguments', [violation('missing required field: outputs', '/outputs')]);
    const declared = this.definitions.get(found.callbackId)?.outputs ?? [];
    const problems = [
      ...Object.keys(outputs)
        .filter((name) => !declared.some((parameter) => parameter.name === name))
        .map((name) => `output parameter "${name}" is not declared`),
      ...declared
        .filter((parameter) => parameter.required && (outputs[parameter.name] === undefined || outputs[parameter.name] === ''))
        .map((parameter) => `required output parameter "${parameter.name}" is missing`),
    ];
    for (const parameter of declared) {
      if (parameter.type === 'slack#/types/options_select' && outputs[parameter.name] !== undefined)
        problems.push(...optionsSelectProblems(parameter.name, outputs[parameter.name]));
    }
    if (problems.length > 0) return reject(ctx, 'invalid_output_parameters', problems);
    found.state = 'completed';
    found.outputs = outputs;
    return { ok: true };
  };

  readonly completeError: MethodHandler = (args, ctx) => {
    const { execution: found, refusal } = this.running(args, ctx);
    if (!found) return refusal;
    if (typeof args.error !== 'string' || args.error.trim() === '')
      return reject(ctx, 'invalid_arguments', [violation('missing required field: error', '/error')]);
    found.state = 'failed';
    found.error = args.error;
    return { ok: true };
  };

  /** The execution a completion names, if the fake delivered it and it is still running. */
  private running(
    args: Record<string, unknown>,
    ctx: MethodContext,
  ): { execution: FunctionExecution; refusal?: undefined } | { execution?: undefined; refusal: Answer } {
    const id = args.function_execution_id;
    if (typeof id !== 'string' || id === '')
      return {
        refusal: reject(ctx, 'invalid_arguments', [violation('missing required field: function_execution_id', '/function_execution_id')]),
      };
    const execution = this.executions.get(id);
    if (!execution) return { refusal: fail('function_execution_not_found') };
    if (execution.state !== 'running') return { refusal: fail('function_execution_already_completed') };
    return { execution };
  }
}

/** Slack's options_select: a list of options, each a plain_text `text` (at most 75 characters) and a `value`. */
function optionsSelectProblems(name: string, value: unknown): string[] {
  if (!Array.isArray(value)) return [`output parameter "${name}" must be a list of options`];
  return value.flatMap((option, index) => {
    const text = isObject(option) && isObject(option.text) ? option.text : undefined;
    const ok =
      text !== undefined &&
      text.type === 'plain_text' &&
      typeof text.text === 'string' &&
      text.text.length > 0 &&
      text.text.length <= 75 &&
      typeof (option as { value?: unknown }).value === 'string';
    return ok ? [] : [`option ${index} of "${name}" needs a plain_text text of 1 to 75 characters and a string value`];
  });
}

/** The WebClient sends `outputs` as a JSON string in a form body; other clients send it as JSON. */
function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
