import { createLogger } from '../../src/observability/logger.js';
import { startAuditRetention } from '../../src/publishing/audit-retention.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import { newSubmission } from '../support/store-fixtures.js';

// The audit trail keeps each exchange's bodies for the retention period, then its outcome only; nothing else a
// submission holds is touched.

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-09-01T12:00:00.000Z');

describe.each(['sqlite', 'postgres'] as const)('audit trail retention on %s', (engine) => {
  let opened: EngineStore;
  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-retention-');
  });
  afterAll(() => opened?.close());

  it('drops the bodies of exchanges older than the period, keeps their outcome and everything newer', async () => {
    const { store } = opened;
    const { submission } = await store.saveSubmission(newSubmission({ key: 'RET:1' }), new Date(NOW.getTime() - 100 * DAY));
    const exchange = (daysAgo: number, status: number) =>
      store.recordAttempt({
        submissionId: submission.id,
        method: 'POST',
        url: `https://api.example/posts/${daysAgo}`,
        requestBody: { post_update: { message: `sent ${daysAgo} days ago` } },
        responseStatus: status,
        responseBody: { post_update: { id: `E${daysAgo}` } },
        errorCode: null,
        startedAt: new Date(NOW.getTime() - daysAgo * DAY),
        durationMs: 42,
      });
    for (const daysAgo of [100, 95, 91, 89, 1]) await exchange(daysAgo, 201);
    await store.markPublished(submission.id, 'E100', new Date(NOW.getTime() - 100 * DAY));

    const retention = startAuditRetention({
      submissions: store,
      logger: createLogger('silent'),
      retentionDays: 90,
      clock: () => NOW,
      batchSize: 2,
    });
    expect(await retention.pruneNow()).toBe(3);
    expect(await retention.pruneNow()).toBe(0);
    await retention.stop();

    const trail = await store.listAttempts(submission.id);
    expect(
      trail.map((attempt) => [attempt.url.split('/').pop(), attempt.requestBody === null, attempt.responseStatus, attempt.durationMs]),
    ).toEqual([
      ['100', true, 201, 42],
      ['95', true, 201, 42],
      ['91', true, 201, 42],
      ['89', false, 201, 42],
      ['1', false, 201, 42],
    ]);
    expect(trail.filter((attempt) => attempt.responseBody !== null)).toHaveLength(2);
    // What Herald needs later is not in the bodies: the submission is found by its key, published as it was.
    expect(await store.findSubmissionByKey('RET:1')).toMatchObject({ state: 'published', entryId: 'E100' });
  });
});
