import { type EngineStore, openEngineStore } from '../support/engine-store.js';
import { newSubmission } from '../support/store-fixtures.js';

// "Publish anyway" in the audit trail (migration 015), on both engines: who, when, over which findings.

describe.each(['sqlite', 'postgres'] as const)('the record of "Publish anyway" on %s', (engine) => {
  let target: EngineStore;
  beforeAll(async () => {
    target = await openEngineStore(engine, 'herald-overrides-');
  });
  afterAll(async () => {
    await target.close();
  });

  it('keeps each override of a submission, oldest first, with who made it and what was found', async () => {
    const { submission } = await target.store.saveSubmission(newSubmission({ key: 'OVERRIDE:1' }));
    const { submission: other } = await target.store.saveSubmission(newSubmission({ key: 'OVERRIDE:2' }));
    const finding = { kind: 'internal-hostname' as const, field: 'message' as const, summary: 'Internal host names: “db-1.corp”.' };
    await target.stores.overrides.record({
      submissionId: submission.id,
      userId: 'U2',
      findings: [finding],
      at: new Date('2026-01-01T10:00:02Z'),
    });
    await target.stores.overrides.record({ submissionId: submission.id, userId: 'U1', findings: [], at: new Date('2026-01-01T10:00:01Z') });
    await target.stores.overrides.record({
      submissionId: other.id,
      userId: 'U3',
      findings: [finding],
      at: new Date('2026-01-01T10:00:00Z'),
    });

    expect(await target.stores.overrides.list(submission.id)).toEqual([
      { submissionId: submission.id, userId: 'U1', findings: [], at: new Date('2026-01-01T10:00:01Z') },
      { submissionId: submission.id, userId: 'U2', findings: [finding], at: new Date('2026-01-01T10:00:02Z') },
    ]);
    expect(await target.stores.overrides.list('no-such-submission')).toEqual([]);
  });
});
