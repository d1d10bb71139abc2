import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderCatalog } from '../../src/providers/catalog.js';
import type { TimelineEntry } from '../../src/providers/provider.js';
import { reasonNotToRemind } from '../../src/reminders/reminder-decision.js';
import type { ChannelStore } from '../../src/store/channel-store.js';
import { openStore } from '../../src/store/open-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { isFinalStatus } from '../../src/updates/statuses.js';
import type { Submission } from '../../src/updates/submission.js';
import type { Stores } from '../../src/store/stores.js';

// Why a due reminder is or is not sent, one reason at a time.

const T0 = new Date('2026-03-01T10:00:00.000Z');

describe('reasonNotToRemind', () => {
  let store: Stores;
  let channels: ChannelStore;
  let dataDir: string;
  let timeline: () => Promise<TimelineEntry[]>;
  const catalog = { provider: () => ({ listTimeline: () => timeline() }) } as unknown as ProviderCatalog;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-reminder-'));
    store = await openStore({ dataDir });
    channels = store.channels;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function published(
    post: string,
    minutes: number,
    status = { id: 'identified', label: 'Identified' },
    channelId = 'C1',
  ): Promise<Submission> {
    const { submission } = await store.submissions.saveSubmission(
      newSubmission({ channelId, draft: draft({ status, post: { id: post, title: 'X', kind: 'incident', url: null } }) }),
    );
    await store.submissions.markPublished(submission.id, `E-${submission.id}`, new Date(T0.getTime() + minutes * 60_000));
    return (await store.submissions.getSubmission(submission.id))!;
  }
  const entry = (id: string): TimelineEntry => ({ id, postId: 'p', message: 'm', statusId: null, reportedAt: null });
  const decide = (s: Submission) => reasonNotToRemind(s, s.publishedAt!, { channels, groups: store.groups, catalog });

  it('reminds when ours is the newest update everywhere', async () => {
    const mine = await published('P1', 0);
    timeline = async () => [entry(mine.entryId!), entry('older')];
    expect(await decide(mine)).toBeNull();
  });

  it('reminds anyway when the status page cannot be read', async () => {
    const mine = await published('P2', 0);
    timeline = async () => {
      throw new Error('down');
    };
    expect(await decide(mine)).toBeNull();
  });

  it('does not remind after a resolved or completed update', async () => {
    const resolved = await published('P3', 0, { id: 'PSTATUS9', label: 'Resolved' });
    timeline = async () => [entry(resolved.entryId!)];
    expect(await decide(resolved)).toBe('resolved');
    expect(isFinalStatus({ id: 'completed', label: 'Completed' })).toBe(true);
    expect(isFinalStatus({ id: 'monitoring', label: 'Monitoring' })).toBe(false);
  });

  it('does not remind when Herald published a newer update for the same post', async () => {
    const first = await published('P4', 0);
    await published('P4', 5);
    timeline = async () => [entry(first.entryId!)];
    expect(await decide(first)).toBe('newer-herald-update');
  });

  it('does not remind when the status page has a newer entry than ours', async () => {
    const mine = await published('P5', 0);
    timeline = async () => [entry('posted-directly'), entry(mine.entryId!)];
    expect(await decide(mine)).toBe('newer-provider-update');
  });

  it('does not remind a channel unlinked after the update, but does one linked again', async () => {
    const mine = await published('P6', 0, undefined, 'C6');
    timeline = async () => [entry(mine.entryId!)];
    const link = {
      channelId: 'C6',
      provider: 'pagerduty' as const,
      page: { id: 'PAGE1', name: 'A', url: null },
      post: { id: 'P6', title: 'X', kind: 'incident' as const, url: null },
      linkedBy: 'U1',
      linkedAt: T0,
    };
    await channels.saveLink(link);
    await channels.unlink('C6', new Date(T0.getTime() + 60_000));
    expect(await decide(mine)).toBe('unlinked');
    await channels.saveLink(link);
    expect(await decide(mine)).toBeNull();
  });
});
