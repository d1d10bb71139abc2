import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import type { PostOptions, Provider, ProviderId, TimelineEntry } from '../../src/providers/provider.js';
import { OTHER_PAGES_WAIT_MS, planLinkedPublishing } from '../../src/submitting/linked-publishing.js';
import { pageSubmitKey } from '../../src/submitting/submission-key.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import { draft, newSubmission } from '../support/store-fixtures.js';

// planLinkedPublishing against a real store and providers that take their time: the other pages load at once,
// under one deadline, so Slack gets its acknowledgement in time however many pages are ticked; and a retry
// offers again a page whose submission was never stored.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const CHANNEL = 'C1';
const options: PostOptions = {
  statuses: [{ id: 'identified', label: 'Identified' }],
  severities: [{ id: 'major', label: 'Major' }],
  impacts: [{ id: 'partial', label: 'Partial outage' }],
  components: [{ id: 'C1', name: 'API', currentImpactId: null }],
};

/** `value` after `ms` (null: never), without holding the test run open. */
const after = <T>(ms: number | null, value: T): Promise<T> =>
  ms === null ? new Promise<T>(() => undefined) : new Promise<T>((resolve) => setTimeout(() => resolve(value), ms).unref());

/** A provider whose statuses (and, where updates list impacts, timeline) take `delays[pageId]` ms; null: never. */
function slowProvider(id: ProviderId, delays: Record<string, number | null>): Provider {
  const listsImpacts = id === 'pagerduty';
  const delayOf = (pageId: string) => (pageId in delays ? delays[pageId]! : 0);
  const entry: TimelineEntry = {
    id: 'E1',
    postId: 'P',
    message: '',
    statusId: 'identified',
    reportedAt: null,
    severityId: 'major',
    impacts: [],
  };
  return {
    id,
    name: id,
    capabilities: {
      severity: listsImpacts,
      nextUpdate: listsImpacts,
      reportedAt: listsImpacts,
      componentsKeepUnlessChanged: !listsImpacts,
    },
    loadPostOptions: (pageId: string) => after(delayOf(pageId), options),
    listTimeline: (pageId: string) => after(delayOf(pageId), [entry]),
  } as unknown as Provider;
}

describe('planning a submit to several linked pages', () => {
  let store: Stores;
  let dataDir: string;
  const logger = createLogger('silent');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-linked-plan-'));
    store = await openStore({ dataDir });
    const channels = store.channels;
    const pages: [ProviderId, string][] = [
      ['pagerduty', 'PAGE1'],
      ['pagerduty', 'PAGE2'],
      ['devhelm', 'DH'],
      ['statuspage', 'SP'],
    ];
    // One channel may link one incident per page: the form's (PAGE1) and three others.
    for (const [provider, pageId] of pages) {
      await channels.saveLink({
        channelId: CHANNEL,
        provider,
        page: { id: pageId, name: `Page ${pageId}`, url: null },
        post: { id: `INC-${pageId}`, title: `Incident ${pageId}`, kind: 'incident', url: null },
        linkedBy: 'U1',
        linkedAt: T0,
      });
    }
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const others: [ProviderId, string][] = [
    ['pagerduty', 'PAGE2'],
    ['devhelm', 'DH'],
    ['statuspage', 'SP'],
  ];

  function plan(delays: Record<string, number | null>, key: string, submissionId: string | null = null, ticked = others) {
    const catalog = new ProviderCatalog(['pagerduty', 'devhelm', 'statuspage'].map((id) => slowProvider(id as ProviderId, delays)));
    const own = draft({
      page: { id: 'PAGE1', name: 'Page PAGE1', url: null },
      post: { id: 'INC-PAGE1', title: 'Incident PAGE1', kind: 'incident', url: null },
    });
    return planLinkedPublishing(
      { ...store, catalog, logger },
      {
        key,
        channelId: CHANNEL,
        userId: 'U1',
        now: T0,
        draft: own,
        ticked: ticked.map(([provider, pageId]) => ({ provider, pageId, postId: `INC-${pageId}` })),
        retryOf: submissionId,
        shownLinks: [],
      },
    );
  }

  it('loads every other page at once: three pages of 700 ms each take 700 ms, not 2.1 s', async () => {
    const started = Date.now();
    const planned = await plan({ PAGE2: 700, DH: 700, SP: 700 }, 'V1:h1');
    const elapsed = Date.now() - started;
    expect(planned.ok).toBe(true);
    expect(elapsed).toBeLessThan(OTHER_PAGES_WAIT_MS);
  });

  it('refuses the pages not loaded within one deadline for them all, and answers by then', async () => {
    const started = Date.now();
    const planned = await plan({ PAGE2: 900, DH: null, SP: 5000 }, 'V1:h2');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(OTHER_PAGES_WAIT_MS - 50);
    expect(elapsed).toBeLessThan(OTHER_PAGES_WAIT_MS + 400);
    expect(planned).toEqual({ ok: false, problem: expect.stringContaining('Incident DH on Page DH in time') });
    const text = (planned as { problem: string }).problem;
    expect(text).toContain('Incident SP on Page SP in time');
    expect(text).not.toContain('Incident PAGE2');
  });

  it('on a retry, offers again a page whose submission was never stored (its submit failed halfway)', async () => {
    // The form's page stored and published; the group row of DH written, its submission never saved.
    const key = 'V2:h1';
    const dhKey = pageSubmitKey(key, { provider: 'devhelm', pageId: 'DH' });
    await store.groups.addMembers(
      [
        { submissionKey: key, groupKey: key, provider: 'pagerduty', pageId: 'PAGE1', inForm: true },
        { submissionKey: dhKey, groupKey: key, provider: 'devhelm', pageId: 'DH', inForm: false },
      ],
      T0,
    );
    const own = (await store.submissions.saveSubmission(newSubmission({ key }), T0)).submission;
    await store.submissions.markPublished(own.id, 'E1', T0);

    const retry = await plan({}, 'V2:h2', own.id, [['devhelm', 'DH']]);
    expect(retry.ok).toBe(true);
    const planned = (retry as Extract<typeof retry, { ok: true }>).others;
    expect(planned.map((other) => other.draft.page.id)).toEqual(['DH']);
  });
});
