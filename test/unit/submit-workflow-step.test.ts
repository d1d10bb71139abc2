import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import { workflowStepKey } from '../../src/submitting/submission-key.js';
import { type SubmitWorkflowStepDeps, submitWorkflowStep } from '../../src/submitting/submit-workflow-step.js';
import { newSubmission } from '../support/store-fixtures.js';

// What a step answers once its submission is stored: the outcome the store holds, whoever publishes it, and an
// honest "still publishing" when the wait runs out. The inputs of a step stored before are never read again
// (the catalog here has no provider at all).

const INPUTS = { step: 'update' as const, inputs: { page: 'gone', incident: 'gone', status: 'gone', message: 'x', notify: false } };

describe('submitWorkflowStep with its execution stored already', () => {
  let dir: string;
  let stores: Stores;
  let published: string[];
  let deps: SubmitWorkflowStepDeps;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-step-'));
    stores = await openStore({ dataDir: dir });
    published = [];
    deps = {
      submissions: stores.submissions,
      catalog: new ProviderCatalog([]),
      logger: createLogger('silent'),
      clock: () => new Date(),
      publish: (id) => published.push(id),
      waitMs: 60,
      pollMs: 10,
    };
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = async (executionId: string) =>
    (await stores.submissions.saveSubmission(newSubmission({ key: workflowStepKey(executionId), viewId: null, responseUrl: null })))
      .submission;
  const run = (executionId: string) => ({ executionId, teamId: 'T1', userId: 'U1', channelId: 'C1' });

  it('answers the published outcome, without publishing again', async () => {
    const submission = await store('Fx1');
    await stores.submissions.markPublished(submission.id, 'ENTRY1', new Date());

    expect(await submitWorkflowStep(deps, run('Fx1'), INPUTS)).toEqual({
      outcome: 'published',
      entryId: 'ENTRY1',
      incidentId: 'INC1',
      link: 'https://status.acme.test',
      pageName: 'Acme Status',
    });
    expect(published).toEqual([]);
  });

  it('answers a failure in the words stored with it', async () => {
    const submission = await store('Fx2');
    await stores.submissions.markFailed(submission.id, {
      kind: 'rejected',
      message: 'PagerDuty refused the update (HTTP 400): Invalid Input Provided',
    });

    expect(await submitWorkflowStep(deps, run('Fx2'), INPUTS)).toEqual({
      outcome: 'failed',
      reason: 'PagerDuty refused the update (HTTP 400): Invalid Input Provided',
    });
  });

  it('starts publishing what is not finished, and says it is still publishing when the wait runs out', async () => {
    const submission = await store('Fx3');

    const result = await submitWorkflowStep(deps, run('Fx3'), INPUTS);

    expect(published).toEqual([submission.id]);
    expect(result).toMatchObject({ outcome: 'pending', reason: expect.stringMatching(/still publishing it: it will be published once/) });
  });

  it('refuses inputs it cannot match before storing anything', async () => {
    const result = await submitWorkflowStep(deps, run('Fx4'), INPUTS);

    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('No status page is called “gone”') });
    expect(await stores.submissions.findSubmissionByKey(workflowStepKey('Fx4'))).toBeNull();
    expect(published).toEqual([]);
  });
});
