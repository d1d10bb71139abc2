import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { SubmissionStore } from '../store/submission-store.js';
import type { Submission } from '../updates/submission.js';
import { workflowStepKey } from './submission-key.js';
import {
  type DraftFromInputs,
  draftOpeningFromInputs,
  draftUpdateFromInputs,
  type OpenStepInputs,
  type UpdateStepInputs,
} from './workflow-step-drafts.js';

// A Workflow Builder step is another way in to the same outbox as the form: its inputs become a draft, stored
// under the function execution's key before anything is sent, then published by the publisher like any other
// submission (so a step Slack delivers twice, or that runs while a sibling process holds it, publishes once).
// The step waits for that submission's outcome, because Slack expects the step's outputs (the update's id and
// link) or its failure: the store is read, not the publisher, so the outcome is seen whichever process publishes.

export interface SubmitWorkflowStepDeps {
  submissions: SubmissionStore;
  catalog: ProviderCatalog;
  logger: Logger;
  clock: () => Date;
  /** Starts publishing a stored submission (the publisher's queue). */
  publish: (submissionId: string) => void;
  /** How long to wait for the outcome before answering that it is still on its way (default 60 s). */
  waitMs?: number;
  /** How often the store is read while waiting (default 250 ms). */
  pollMs?: number;
}

export interface WorkflowStepRun {
  /** Slack's function_execution_id: one run of the step in one workflow. */
  executionId: string;
  teamId: string | null;
  /** Who the update is from (the workflow's input, or whoever started the workflow). */
  userId: string;
  /** Where the echo goes. */
  channelId: string;
}

export type WorkflowStepInputs = { step: 'update'; inputs: UpdateStepInputs } | { step: 'open'; inputs: OpenStepInputs };

export type WorkflowStepResult =
  /** Published: the timeline entry, the incident, and where to see it. */
  | { outcome: 'published'; entryId: string; incidentId: string; link: string | null; pageName: string }
  /** Not published, in words for the workflow's author (a provider's refusal quotes the provider). */
  | { outcome: 'failed'; reason: string }
  /** Stored, and still being published when the wait ran out: it is published once, later. */
  | { outcome: 'pending'; reason: string };

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_POLL_MS = 250;

export async function submitWorkflowStep(
  deps: SubmitWorkflowStepDeps,
  run: WorkflowStepRun,
  request: WorkflowStepInputs,
): Promise<WorkflowStepResult> {
  const key = workflowStepKey(run.executionId);
  // Delivered before: whatever happened to it, the stored submission is the answer; the inputs are not read again.
  let stored = await findStored(deps, key);
  if (stored === 'unreadable') return databaseDown();
  if (stored === null) {
    let draft: DraftFromInputs;
    try {
      draft =
        request.step === 'update'
          ? await draftUpdateFromInputs(deps.catalog, request.inputs)
          : await draftOpeningFromInputs(deps.catalog, request.inputs);
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not read the status page for a workflow step');
      return { outcome: 'failed', reason: 'Herald could not read the status page just now. Nothing was published: run the step again.' };
    }
    if (!draft.ok) return { outcome: 'failed', reason: draft.problem };
    try {
      const saved = await deps.submissions.saveSubmission(
        { key, teamId: run.teamId, userId: run.userId, channelId: run.channelId, responseUrl: null, viewId: null, draft: draft.draft },
        deps.clock(),
      );
      stored = saved.submission;
    } catch (error) {
      deps.logger.error({ err: error }, 'could not store a workflow step');
      return databaseDown();
    }
  }
  if (stored.state === 'pending' || stored.state === 'publishing') deps.publish(stored.id);
  return waitForOutcome(deps, stored.id);
}

async function findStored(deps: SubmitWorkflowStepDeps, key: string): Promise<Submission | null | 'unreadable'> {
  try {
    return await deps.submissions.findSubmissionByKey(key);
  } catch (error) {
    deps.logger.error({ err: error }, 'could not read a workflow step');
    return 'unreadable';
  }
}

async function waitForOutcome(deps: SubmitWorkflowStepDeps, submissionId: string): Promise<WorkflowStepResult> {
  const deadline = Date.now() + (deps.waitMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    const submission = await deps.submissions.getSubmission(submissionId).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not read a workflow step while waiting for it');
      return null;
    });
    if (submission?.state === 'published') {
      const { draft } = submission;
      return {
        outcome: 'published',
        entryId: submission.entryId ?? '',
        incidentId: draft.post.id,
        link: draft.post.url ?? draft.page.url,
        pageName: draft.page.name,
      };
    }
    if (submission?.state === 'failed')
      return { outcome: 'failed', reason: submission.failure?.message ?? 'The status page refused the update.' };
    if (Date.now() >= deadline) {
      return {
        outcome: 'pending',
        reason:
          'Herald stored this update and is still publishing it: it will be published once, without this step. Check the status page before running the step again.',
      };
    }
    await sleep(deps.pollMs ?? DEFAULT_POLL_MS);
  }
}

function databaseDown(): WorkflowStepResult {
  return {
    outcome: 'failed',
    reason: 'Herald could not save this update (its database did not answer). Nothing was published: run the step again.',
  };
}
