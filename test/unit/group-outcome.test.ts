import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import type { Provider } from '../../src/providers/provider.js';
import { formLinks } from '../../src/slack/update-form/form-links.js';
import { groupOutcomeReader } from '../../src/submitting/group-outcome.js';
import { pageSubmitKey } from '../../src/submitting/submission-key.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import type { Submission } from '../../src/updates/submission.js';
import type { Stores } from '../../src/store/stores.js';

// How a submit to two pages stands, read from the store: a page whose echo is still being posted is not done
// yet (or the result would say its copy failed), and a page whose submission was never stored (its submit
// failed halfway) neither holds the result back forever nor counts as sent. Same on SQLite and PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const DEVHELM_PAGE = { id: 'DH', name: 'Internal', url: null };

describe.each(['sqlite', 'postgres'] as const)('the outcome of a submit to several pages, on %s', (engine) => {
  let opened: EngineStore;
  let store: Stores;

  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-group-outcome-');
    store = opened.stores;
  });
  afterAll(() => opened.close());

  /** A submit to the form's PagerDuty page and a DevHelm page; `storeOther`: false when its save failed. */
  async function group(key: string, storeOther = true): Promise<{ own: Submission; other: Submission | null }> {
    const otherKey = pageSubmitKey(key, { provider: 'devhelm', pageId: 'DH' });
    await store.groups.addMembers(
      [
        { submissionKey: key, groupKey: key, provider: 'pagerduty', pageId: 'PAGE1', inForm: true },
        { submissionKey: otherKey, groupKey: key, provider: 'devhelm', pageId: 'DH', inForm: false },
      ],
      T0,
    );
    const own = (await store.submissions.saveSubmission(newSubmission({ key }), T0)).submission;
    const other = storeOther
      ? (
          await store.submissions.saveSubmission(
            newSubmission({ key: otherKey, draft: draft({ provider: 'devhelm', page: DEVHELM_PAGE, severity: null }) }),
            T0,
          )
        ).submission
      : null;
    return { own, other };
  }
  const reread = async (submission: Submission) => (await store.submissions.getSubmission(submission.id))!;

  it('is complete only once every published page’s echo is posted or given up', async () => {
    const read = groupOutcomeReader(store.groups);
    const { own, other } = await group('V1:h1');
    await store.submissions.markPublished(own.id, 'E1', T0);
    await store.submissions.markEchoed(own.id, { state: 'posted', ts: '1.1' });
    await store.submissions.markPublished(other!.id, 'E2', T0);
    // The DevHelm page is published, its echo on its way: not "couldn't post every copy" yet.
    expect(await read(await reread(own))).toMatchObject({ complete: false });

    await store.submissions.markEchoed(other!.id, { state: 'posted', ts: '1.2' });
    const done = await read(await reread(other!));
    expect(done).toMatchObject({ complete: true, retryId: null });
    expect(done!.pages.map((page) => page.echoed)).toEqual([true, true]);

    // An echo given up (the channel refused it) is an outcome too.
    const second = await group('V1:h2');
    await store.submissions.markPublished(second.own.id, 'E3', T0);
    await store.submissions.markEchoed(second.own.id, { state: 'failed', ts: null });
    await store.submissions.markFailed(second.other!.id, { kind: 'rejected', message: 'DevHelm refused the update.', status: 400 });
    expect(await read(await reread(second.own))).toMatchObject({ complete: true, retryId: second.other!.id });
  });

  it('shows the form’s page alone when the other page’s submission was never stored, and offers that page again', async () => {
    const { own } = await group('V2:h1', false);
    await store.submissions.markPublished(own.id, 'E4', T0);
    await store.submissions.markEchoed(own.id, { state: 'posted', ts: '2.1' });
    // One page sent: its own result (null), not a group waiting forever for the page never stored.
    expect(await groupOutcomeReader(store.groups)(await reread(own))).toBeNull();

    const channels = store.channels;
    for (const [provider, page, post] of [
      ['pagerduty', draft().page, draft().post],
      ['devhelm', DEVHELM_PAGE, { id: 'DH-INC', title: 'Slow dashboard', kind: 'incident' as const, url: null }],
    ] as const) {
      await channels.saveLink({ channelId: 'C1', provider, page, post, linkedBy: 'U1', linkedAt: T0 });
    }
    const quiet = { loadPostOptions: () => new Promise(() => undefined) };
    const catalog = new ProviderCatalog([
      { id: 'pagerduty', ...quiet },
      { id: 'devhelm', ...quiet },
    ] as unknown as Provider[]);
    const offered = await formLinks({ stores: store, catalog, logger: createLogger('silent') }, 'C1', own.id);
    expect(offered!.map((link) => link.pageId)).toEqual(['DH']);
  });
});
