import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { openStore } from '../../src/store/open-store.js';
import type { SubmissionStore } from '../../src/store/submission-store.js';
import type { Stores } from '../../src/store/stores.js';
import { createLogger } from '../../src/observability/logger.js';
import type { SummaryStore } from '../../src/store/summary-store.js';
import { createLiveSummary } from '../../src/summary/live-summary.js';
import { FAKE_CHANNEL, startFakeSlack, type FakeSlack, type RecordedCall, type StoredMessage } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { isSummaryCall, isSummaryMessage } from '../support/summary-messages.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// The channel's live summary, through the real app: none beside the first update's echo (one message for one
// update), posted and pinned with the second, edited in place after every later one, reposted when deleted,
// and never posted twice.

const QUIET_CHANNEL = { id: 'C0NOPINS01', name: 'inc-no-pins' };

describe('the live summary of an incident channel', () => {
  let h: Harness;
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = () => new Date(now);

  beforeAll(async () => {
    h = await startHarness({ clock, channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }, QUIET_CHANNEL] });
  });
  afterAll(async () => {
    await h.close();
  });

  const summariesIn = (channelId: string): StoredMessage[] => h.slack.messagesIn(channelId).filter(isSummaryMessage);
  const summaryPosts = (since = 0): RecordedCall[] =>
    h.slack.calls.slice(since).filter((call) => isSummaryCall(call) && call.method === 'chat.postMessage');
  const summaryText = (message: StoredMessage): string => JSON.stringify(message.blocks);

  /** Publishes an update through the form in `channelId` and waits until Herald is done with it. */
  async function publish(
    picks: { status: string; message: string; post?: string; impact?: string; next?: string },
    channelId: string = FAKE_CHANNEL.id,
  ) {
    const seed = h.pagerduty.seed!;
    const kind = picks.post === seed.maintenancePostId ? 'maintenance' : 'incident';
    let view = await openUpdateForm(h, channelId);
    view = await choosePost(h, view, `${kind}:${picks.post ?? seed.incidentPostId}`);
    // Some updates here type what the check before publishing catches (a <!channel>, a status going back).
    await submitPublishingAnyway(h, view, {
      [FORM_BLOCKS.status]: picks.status,
      [FORM_BLOCKS.severity]: seed.severities[kind].major!,
      [FORM_BLOCKS.message]: picks.message,
      ...(picks.impact ? { [`impact:${seed.serviceIds[0]}`]: picks.impact } : {}),
      ...(picks.next ? { [FORM_BLOCKS.nextUpdate]: picks.next } : {}),
    });
    await h.herald.publisher.idle();
    now += 60_000;
  }

  it('the first update makes one message: its full echo, and no summary beside it', async () => {
    const seed = h.pagerduty.seed!;
    const since = h.slack.calls.length;
    await publish({
      status: seed.statuses.incident.investigating!,
      message: 'Card payments fail for some customers.',
      impact: seed.impacts.incident.partialOutage!,
      next: '30',
    });

    const posted = h.slack.calls.slice(since).filter((call) => call.method === 'chat.postMessage' && call.args.channel === FAKE_CHANNEL.id);
    expect(posted).toHaveLength(1);
    expect(h.slack.messagesIn(FAKE_CHANNEL.id)).toHaveLength(1);
    expect(summariesIn(FAKE_CHANNEL.id)).toEqual([]);
    expect(h.slack.callsOf('pins.add')).toEqual([]);
    // The echo is the whole picture: status, severity, services, the text, when the next update is due.
    const echo = JSON.stringify(posted[0]!.args.blocks);
    expect(echo).toMatch(/\*Status\*\\ninvestigating/i);
    expect(echo).toMatch(/\*Severity\*\\nmajor/i);
    expect(echo).toMatch(/: partial outage/i);
    expect(echo).toContain('Next update due');
    expect(echo).toContain('Card payments fail for some customers.');
    expect(h.slack.violations).toEqual([]);
  });

  it('posts the summary with the second update, pins it, escapes what was typed, and the echo beside it is compact', async () => {
    const seed = h.pagerduty.seed!;
    const since = h.slack.calls.length;
    await publish({
      status: seed.statuses.incident.identified!,
      message: 'Card payments fail. <!channel> we are on it & rolling back <b>now</b>.',
      impact: seed.impacts.incident.partialOutage!,
      next: '30',
    });

    const [summary] = summariesIn(FAKE_CHANNEL.id);
    expect(summariesIn(FAKE_CHANNEL.id)).toHaveLength(1);
    expect(summary!.pinned).toBe(true);
    const text = summaryText(summary!);
    expect(text).toContain('Elevated API errors');
    expect(text).toMatch(/\*Status\*\\nidentified/i);
    expect(text).toMatch(/\*Severity\*\\nmajor/i);
    expect(text).toMatch(/: partial outage/i);
    expect(text).toContain('&lt;!channel&gt; we are on it &amp; rolling back &lt;b&gt;now&lt;/b&gt;.');
    expect(text).not.toMatch(/[^;]<!channel>/);
    // The last update and the next one due, as date tokens each reader sees in their own time zone.
    const publishedAt = Math.floor((now - 60_000) / 1000);
    expect(text).toContain(`<!date^${publishedAt}^`);
    expect(text).toContain(`<!date^${publishedAt + 30 * 60}^`);
    expect(text).toMatch(/\|View on [^>]+>/);

    // The echo says what the update said; where things stand is the summary's.
    const echoes = h.slack.calls
      .slice(since)
      .filter((call) => call.method === 'chat.postMessage' && call.args.channel === FAKE_CHANNEL.id && !isSummaryCall(call));
    expect(echoes).toHaveLength(1);
    const echo = JSON.stringify(echoes[0]!.args.blocks);
    expect(echo).toContain('we are on it &amp; rolling back');
    expect(echo).toContain('*Status:* identified');
    expect(echo).not.toContain('Next update due');
    expect(echo).not.toContain('"header"');
    expect(h.slack.violations).toEqual([]);
  });

  it('edits the same message after the next update: no new message, no second pin', async () => {
    const seed = h.pagerduty.seed!;
    const [before] = summariesIn(FAKE_CHANNEL.id);
    const since = h.slack.calls.length;
    await publish({ status: seed.statuses.incident.monitoring!, message: 'Fix deployed; watching error rates.' });

    const edits = h.slack.calls.slice(since).filter((call) => isSummaryCall(call) && call.method === 'chat.update');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.args.ts).toBe(before!.ts);
    expect(summaryPosts(since)).toEqual([]);
    expect(h.slack.callsOf('pins.add')).toHaveLength(1);
    const [after] = summariesIn(FAKE_CHANNEL.id);
    expect(summariesIn(FAKE_CHANNEL.id)).toHaveLength(1);
    const text = summaryText(after!);
    expect(text).toMatch(/\*Status\*\\nmonitoring/i);
    expect(text).toContain('Fix deployed; watching error rates.');
    expect(text).not.toContain('Card payments fail');
    // PagerDuty lists every impact on each update: this one named none.
    expect(text).toContain('None marked as impacted');
    expect(text).toContain('3 updates so far');
    expect(h.slack.violations).toEqual([]);
  });

  it('shows each incident the channel published to, newest first', async () => {
    const seed = h.pagerduty.seed!;
    await publish({ post: seed.maintenancePostId, status: Object.values(seed.statuses.maintenance)[1]!, message: 'Upgrade under way.' });
    const text = summaryText(summariesIn(FAKE_CHANNEL.id)[0]!);
    expect(summariesIn(FAKE_CHANNEL.id)).toHaveLength(1);
    expect(text.indexOf('Database upgrade')).toBeGreaterThan(-1);
    expect(text.indexOf('Database upgrade')).toBeLessThan(text.indexOf('Elevated API errors'));
  });

  it('after a restart, edits the summary it posted before instead of posting a second one', async () => {
    const seed = h.pagerduty.seed!;
    const [before] = summariesIn(FAKE_CHANNEL.id);
    await h.restart();
    const since = h.slack.calls.length;
    await publish({ status: seed.statuses.incident.monitoring!, message: 'Still watching after the restart.' });

    expect(summaryPosts(since)).toEqual([]);
    expect(summariesIn(FAKE_CHANNEL.id).map((message) => message.ts)).toEqual([before!.ts]);
    expect(summaryText(summariesIn(FAKE_CHANNEL.id)[0]!)).toContain('Still watching after the restart.');
  });

  it('posts (and pins) a new summary when the old one was deleted, and edits that one afterwards', async () => {
    const seed = h.pagerduty.seed!;
    const [old] = summariesIn(FAKE_CHANNEL.id);
    expect(h.slack.deleteMessage(FAKE_CHANNEL.id, old!.ts)).toBe(true);
    const since = h.slack.calls.length;
    await publish({ status: seed.statuses.incident.monitoring!, message: 'Posted after the summary was deleted.' });

    const failedEdit = h.slack.calls.slice(since).find((call) => isSummaryCall(call) && call.method === 'chat.update');
    expect(failedEdit?.response).toMatchObject({ ok: false, error: 'message_not_found' });
    const [fresh] = summariesIn(FAKE_CHANNEL.id);
    expect(summariesIn(FAKE_CHANNEL.id)).toHaveLength(1);
    expect(fresh!.ts).not.toBe(old!.ts);
    expect(fresh!.pinned).toBe(true);
    expect(await h.stores.summaries.getMessageTs(FAKE_CHANNEL.id)).toBe(fresh!.ts);

    // Slack may also refuse to edit it (too old): the same way out.
    h.slack.inject('chat.update', { error: 'cant_update_message' });
    await publish({ status: seed.statuses.incident.monitoring!, message: 'Posted when the edit was refused.' });
    const newest = summariesIn(FAKE_CHANNEL.id).at(-1)!;
    expect(newest.ts).not.toBe(fresh!.ts);
    expect(await h.stores.summaries.getMessageTs(FAKE_CHANNEL.id)).toBe(newest.ts);

    const editedSince = h.slack.calls.length;
    await publish({ status: seed.statuses.incident.monitoring!, message: 'And edited in place again.' });
    expect(summaryPosts(editedSince)).toEqual([]);
    expect(summaryText(summariesIn(FAKE_CHANNEL.id).at(-1)!)).toContain('And edited in place again.');
  });

  it('carries on unpinned where pinning is refused, quietly (an info log)', async () => {
    const seed = h.pagerduty.seed!;
    await publish({ status: seed.statuses.incident.investigating!, message: 'First in a channel that refuses pins.' }, QUIET_CHANNEL.id);
    h.slack.inject('pins.add', { error: 'no_permission' });
    await publish({ status: seed.statuses.incident.identified!, message: 'In a channel that refuses pins.' }, QUIET_CHANNEL.id);
    const [summary] = summariesIn(QUIET_CHANNEL.id);
    expect(summary?.pinned).toBe(false);
    const refusal = h.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.slackError === 'no_permission');
    expect(refusal).toMatchObject({ level: 30, channelId: QUIET_CHANNEL.id, msg: expect.stringContaining('could not pin') });

    const since = h.slack.calls.length;
    await publish({ status: seed.statuses.incident.monitoring!, message: 'Still refusing pins, still edited.' }, QUIET_CHANNEL.id);
    expect(summaryPosts(since)).toEqual([]);
    expect(summaryText(summariesIn(QUIET_CHANNEL.id)[0]!)).toContain('Still refusing pins, still edited.');
    // The other channel's summary is its own.
    expect(summaryText(summariesIn(FAKE_CHANNEL.id).at(-1)!)).not.toContain('refusing pins');
  });

  it('shows the newest update by publish time, even when an older one is refreshed last', async () => {
    const channelId = QUIET_CHANNEL.id;
    const stored = async (message: string, status: string, publishedAt: Date) => {
      const { submission } = await h.stores.submissions.saveSubmission(
        newSubmission({
          channelId,
          draft: draft({
            post: { id: 'INC-ORDER', title: 'Out of order', kind: 'incident', url: null },
            message,
            status: { id: status, label: status },
          }),
        }),
      );
      await h.stores.submissions.markPublished(submission.id, `E-${submission.id}`, publishedAt);
      return (await h.stores.submissions.getSubmission(submission.id))!;
    };
    const newer = await stored('The newer update.', 'Monitoring', new Date(now + 2_000));
    const older = await stored('The older update.', 'Identified', new Date(now + 1_000));
    const summary = createLiveSummary({
      summaries: h.stores.summaries,
      corrections: h.stores.corrections,
      catalog: h.catalog,
      logger: createLogger('silent'),
      clock,
    });

    await summary.refresh(h.botClient, newer);
    await summary.refresh(h.botClient, older); // finished last, published first

    const text = summaryText(summariesIn(channelId)[0]!);
    expect(text).toContain('The newer update.');
    expect(text).not.toContain('The older update.');
    expect(text).toMatch(/\*Status\*\\nMonitoring/);
  });
});

describe('two replicas on one PostgreSQL database refreshing the same channel at once', () => {
  let slack: FakeSlack;
  let database: TestDatabase;
  let dataDir: string;
  let replicas: Stores[];

  beforeAll(async () => {
    slack = await startFakeSlack({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'herald-summary-'));
    replicas = [await openStore({ dataDir, databaseUrl: database.url }), await openStore({ dataDir, databaseUrl: database.url })];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((store) => store.close()));
    await slack.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('posts one summary between them, and the last refresh shows every update', async () => {
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const catalog = new ProviderCatalog([]);
    const summaries = replicas.map((stores) =>
      createLiveSummary({ summaries: stores.summaries, corrections: stores.corrections, catalog, logger: createLogger('silent') }),
    );
    const published = async (store: SubmissionStore, postId: string, at: Date) => {
      const { submission } = await store.saveSubmission(
        newSubmission({
          channelId: FAKE_CHANNEL.id,
          draft: draft({ post: { id: postId, title: `Incident ${postId}`, kind: 'incident', url: null } }),
        }),
      );
      await store.markPublished(submission.id, `E-${submission.id}`, at);
      return (await store.getSubmission(submission.id))!;
    };

    for (let round = 0; round < 4; round += 1) {
      // Slow posts and edits widen the window in which both replicas would act.
      slack.inject('chat.postMessage', { latencyMs: 100 }, 2);
      slack.inject('chat.update', { latencyMs: 100 }, 2);
      const t = Date.now() + round * 10_000;
      const [a, b] = await Promise.all([
        published(replicas[0]!.submissions, `A${round}`, new Date(t)),
        published(replicas[1]!.submissions, `B${round}`, new Date(t + 1)),
      ]);
      await Promise.all([summaries[0]!.refresh(client, a), summaries[1]!.refresh(client, b)]);
    }

    const posts = slack
      .callsOf('chat.postMessage')
      .filter((call) => isSummaryCall(call) && (call.response as { ok?: boolean }).ok === true);
    expect(posts).toHaveLength(1);
    const messages = slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]!.blocks);
    for (const id of ['A0', 'B0', 'A3', 'B3']) expect(text).toContain(`Incident ${id}`);
    expect(text.indexOf('Incident B3')).toBeLessThan(text.indexOf('Incident A3'));
    expect(slack.violations).toEqual([]);
  });

  it('an update published while the other replica is mid-refresh still makes it into the summary', async () => {
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const catalog = new ProviderCatalog([]);
    // The first replica's store, observed: the test learns when that replica has read what it will show.
    const real = replicas[0]!.summaries;
    let markRead!: () => void;
    const read = new Promise<void>((resolve) => (markRead = resolve));
    const observed: SummaryStore = Object.assign(Object.create(real) as SummaryStore, {
      listChannelPublished: async (channelId: string, limit: number) => {
        const rows = await real.listChannelPublished(channelId, limit);
        markRead();
        return rows;
      },
    });
    const first = createLiveSummary({
      corrections: replicas[0]!.corrections,
      catalog,
      logger: createLogger('silent'),
      summaries: observed,
    });
    const second = createLiveSummary({
      summaries: replicas[1]!.summaries,
      corrections: replicas[1]!.corrections,
      catalog,
      logger: createLogger('silent'),
    });
    const published = async (store: SubmissionStore, postId: string) => {
      const { submission } = await store.saveSubmission(
        newSubmission({
          channelId: FAKE_CHANNEL.id,
          draft: draft({ post: { id: postId, title: `Incident ${postId}`, kind: 'incident', url: null } }),
        }),
      );
      await store.markPublished(submission.id, `E-${submission.id}`, new Date(Date.now() + 3_600_000));
      return (await store.getSubmission(submission.id))!;
    };

    slack.inject('chat.update', { latencyMs: 300 });
    const refreshing = first.refresh(client, await published(replicas[0]!.submissions, 'LATE1'));
    await read;
    await second.refresh(client, await published(replicas[1]!.submissions, 'LATE2')); // finds the channel busy: leaves it to the first
    await refreshing;

    const messages = slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]!.blocks)).toContain('Incident LATE2');
  });
});
