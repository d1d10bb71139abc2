import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { createLogger } from '../../src/observability/logger.js';
import { groupOutcomes } from '../../src/submitting/group-outcome.js';
import { createOutcomeNotifier } from '../../src/slack/outcome/outcome-notifier.js';
import { openStore } from '../../src/store/open-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import type { Submission } from '../../src/updates/submission.js';
import type { Stores } from '../../src/store/stores.js';

// A submit to two pages whose modal is gone: both pages fail at the same moment, each on its own replica, and
// each finds the group complete. The author is told once. Same on embedded SQLite and on PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');

/** A Slack client whose modal is closed, recording the private notices. */
function closedModalClient(): { client: WebClient; notices: Record<string, unknown>[] } {
  const notices: Record<string, unknown>[] = [];
  const client = {
    views: {
      update: async () =>
        Promise.reject(
          Object.assign(new Error('An API error occurred: not_found'), {
            code: 'slack_webapi_platform_error',
            data: { ok: false, error: 'not_found' },
          }),
        ),
    },
    chat: {
      postMessage: async (args: Record<string, unknown>) => {
        notices.push(args);
        return { ok: true, ts: '1.2' };
      },
    },
  };
  return { client: client as unknown as WebClient, notices };
}

describe.each(['sqlite', 'postgres'] as const)('the private notice of a grouped submit, on %s', (engine) => {
  let first: Stores;
  let second: Stores;
  let dataDir: string;
  let database: TestDatabase | undefined;
  const logger = createLogger('silent');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-group-notice-'));
    if (engine === 'postgres') database = await createTestDatabase();
    first = await openStore({ dataDir, databaseUrl: database?.url });
    // A second replica on the same database (SQLite: the same file, as one process reopening it would).
    second = await openStore({ dataDir, databaseUrl: database?.url });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Both pages of one submit, failed; the modal was closed while they published. */
  async function failedGroup(key: string): Promise<[Submission, Submission]> {
    const otherKey = `${key}#devhelm:DH`;
    await first.groups.addMembers(
      [
        { submissionKey: key, groupKey: key, provider: 'pagerduty', pageId: 'PAGE1', inForm: true },
        { submissionKey: otherKey, groupKey: key, provider: 'devhelm', pageId: 'DH', inForm: false },
      ],
      T0,
    );
    const origin = { responseUrl: null, viewId: 'V-closed' };
    const own = (await first.submissions.saveSubmission(newSubmission({ key, ...origin }), T0)).submission;
    const other = (
      await first.submissions.saveSubmission(
        newSubmission({
          key: otherKey,
          ...origin,
          draft: draft({ provider: 'devhelm', page: { id: 'DH', name: 'Internal', url: null }, severity: null }),
        }),
        T0,
      )
    ).submission;
    await first.submissions.markFailed(own.id, { kind: 'rejected', message: 'PagerDuty refused the update.', status: 422 });
    await first.submissions.markFailed(other.id, { kind: 'rejected', message: 'DevHelm refused the update.', status: 400 });
    return [(await first.submissions.getSubmission(own.id))!, (await first.submissions.getSubmission(other.id))!];
  }

  it('reaches the author once when both pages finish at the same moment on two replicas', async () => {
    const [own, other] = await failedGroup('V1:h1');
    const slack = closedModalClient();
    const notifierOn = (stores: Stores) =>
      createOutcomeNotifier({ client: slack.client, logger, clock: () => T0, groups: groupOutcomes(stores.groups) });

    await Promise.all([notifierOn(first).showFailed(own), notifierOn(second).showFailed(other)]);

    expect(slack.notices).toHaveLength(1);
    expect(slack.notices[0]).toMatchObject({ channel: 'U1', text: 'Your update was not published on 2 of its 2 status pages.' });
    const shown = JSON.stringify(slack.notices[0]!.blocks);
    expect(shown).toContain('PagerDuty refused the update.');
    expect(shown).toContain('DevHelm refused the update.');
  });

  it('is sent again by the same submission if it is told again (its process died before the notice went)', async () => {
    const [own, other] = await failedGroup('V2:h2');
    const winner = first.groups;
    expect(await winner.claimNotice('V2:h2', own.id, T0)).toBe(true);

    const slack = closedModalClient();
    const notifier = createOutcomeNotifier({ client: slack.client, logger, clock: () => T0, groups: groupOutcomes(second.groups) });
    await notifier.showFailed(other);
    expect(slack.notices).toHaveLength(0);
    await notifier.showFailed(own);
    expect(slack.notices).toHaveLength(1);
  });

  it('lets exactly one of many simultaneous claims win, and an Edit and retry is a notice of its own', async () => {
    const claims = Array.from({ length: 8 }, (_, index) => (index % 2 ? first : second).groups.claimNotice('V3:h3', `S${index}`, T0));
    const won = await Promise.all(claims);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await second.groups.claimNotice('V3:h3', `S${won.indexOf(true)}`, T0)).toBe(true);
    expect(await first.groups.claimNotice('V3:h4', 'S1', T0)).toBe(true);
  });
});
