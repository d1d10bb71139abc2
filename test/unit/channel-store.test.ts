import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { ChannelStore } from '../../src/store/channel-store.js';
import { up as multiPageLinksUp } from '../../src/store/migrations/006-multi-page-links.js';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import type { ChannelLink } from '../../src/updates/channel-link.js';
import type { Stores } from '../../src/store/stores.js';

// Channel links (one per status page) and submission groups, the same on embedded SQLite and on PostgreSQL.
// Reminder claims: reminder-store.test.ts.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const devhelmLink = (overrides: Partial<ChannelLink> = {}): ChannelLink => ({
  channelId: 'C1',
  provider: 'devhelm',
  page: { id: 'DH-PAGE', name: 'Internal status', url: null },
  post: { id: 'DH-INC', title: 'Checkout errors (internal)', kind: 'incident', url: null },
  linkedBy: 'U2',
  linkedAt: at(1),
  ...overrides,
});

const link = (overrides: Partial<ChannelLink> = {}): ChannelLink => ({
  channelId: 'C1',
  provider: 'pagerduty',
  page: { id: 'PAGE1', name: 'Acme Status', url: 'https://status.acme.test' },
  post: { id: 'INC1', title: 'Checkout errors', kind: 'incident', url: null },
  linkedBy: 'U1',
  linkedAt: T0,
  ...overrides,
});

describe.each(['sqlite', 'postgres'] as const)('channel store on %s', (engine) => {
  let store: Stores;
  let second: Stores;
  let channels: ChannelStore;
  let opened: EngineStore;

  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-channels-');
    store = opened.stores;
    // A second process on the same database, as a second replica would be.
    second = await opened.openAnother();
    channels = store.channels;
  });
  afterAll(async () => {
    await opened.close();
  });

  async function published(minutes: number, post = 'INC1'): Promise<string> {
    const { submission } = await store.submissions.saveSubmission(
      newSubmission({ draft: draft({ post: { id: post, title: 'X', kind: 'incident', url: null } }) }),
    );
    await store.submissions.markPublished(submission.id, `E-${submission.id}`, at(minutes));
    return submission.id;
  }

  it('links, relinks and unlinks a channel, remembering when it was unlinked', async () => {
    expect(await channels.getLink('C1')).toBeNull();
    await channels.saveLink(link());
    expect(await channels.getLink('C1')).toEqual(link());
    await channels.saveLink(link({ post: { id: 'INC2', title: 'Other', kind: 'maintenance', url: 'https://x.test' } }));
    expect((await channels.getLink('C1'))?.post.id).toBe('INC2');
    expect(await channels.unlink('C1', at(5))).toBe(true);
    expect(await channels.unlink('C1', at(6))).toBe(false);
    expect(await channels.getLink('C1')).toBeNull();
    expect(await channels.unlinkedAt('C1')).toEqual(at(5));
    await channels.saveLink(link());
    expect(await channels.unlinkedAt('C1')).toBeNull();
  });

  it('finds the latest published submission for a post', async () => {
    await published(0, 'P-A');
    const newer = await published(10, 'P-A');
    expect((await channels.latestPublished('pagerduty', 'PAGE1', 'P-A'))?.id).toBe(newer);
    expect(await channels.latestPublished('pagerduty', 'PAGE1', 'nope')).toBeNull();
  });

  it('finds the newest update to a post still pending or publishing, never a failed or published one', async () => {
    const onPost = () => newSubmission({ draft: draft({ post: { id: 'P-F', title: 'X', kind: 'incident', url: null } }) });
    const done = await published(0, 'P-F');
    expect(await channels.latestInFlight('pagerduty', 'PAGE1', 'P-F', done)).toBeNull();
    const { submission: failed } = await store.submissions.saveSubmission(onPost(), at(1));
    await store.submissions.markFailed(failed.id, { kind: 'rejected', message: 'no' });
    expect(await channels.latestInFlight('pagerduty', 'PAGE1', 'P-F', done)).toBeNull();
    const { submission: pending } = await store.submissions.saveSubmission(onPost(), at(2));
    const { submission: publishing } = await store.submissions.saveSubmission(onPost(), at(3));
    await store.submissions.claimSubmission(publishing.id, 60_000, at(3));
    expect((await channels.latestInFlight('pagerduty', 'PAGE1', 'P-F', done))?.id).toBe(publishing.id);
    expect((await channels.latestInFlight('pagerduty', 'PAGE1', 'P-F', publishing.id))?.id).toBe(pending.id);
    expect(await channels.latestInFlight('pagerduty', 'PAGE1', 'other', done)).toBeNull();
  });

  it('links one incident per page: several pages at once, each relinked, unlinked one by one or all together', async () => {
    const C = 'C-MULTI';
    await channels.saveLink(link({ channelId: C }));
    await channels.saveLink(devhelmLink({ channelId: C }));
    expect((await channels.listLinks(C)).map((l) => l.provider)).toEqual(['pagerduty', 'devhelm']);
    expect((await channels.getLink(C))?.provider).toBe('pagerduty'); // the oldest link (the form opens on the one Herald last updated)

    // Another incident on the DevHelm page replaces that page's link, not PagerDuty's.
    await channels.saveLink(
      devhelmLink({ channelId: C, post: { id: 'DH-INC2', title: 'Other', kind: 'maintenance', url: null }, linkedAt: at(2) }),
    );
    expect((await channels.listLinks(C)).map((l) => l.post.id)).toEqual(['INC1', 'DH-INC2']);

    const devhelmPage = { provider: 'devhelm' as const, pageId: 'DH-PAGE' };
    const pagerdutyPage = { provider: 'pagerduty' as const, pageId: 'PAGE1' };
    expect(await channels.unlink(C, at(5), devhelmPage)).toBe(true);
    expect(await channels.unlink(C, at(6), devhelmPage)).toBe(false);
    expect((await channels.listLinks(C)).map((l) => l.provider)).toEqual(['pagerduty']);
    expect(await channels.unlinkedAt(C, devhelmPage)).toEqual(at(5));
    expect(await channels.unlinkedAt(C, pagerdutyPage)).toBeNull();
    // A page never linked: unlinked only once the channel has no link left.
    expect(await channels.unlinkedAt(C, { provider: 'statuspage', pageId: 'SP' })).toBeNull();

    expect(await channels.unlink(C, at(7))).toBe(true);
    expect(await channels.listLinks(C)).toEqual([]);
    expect(await channels.unlinkedAt(C, pagerdutyPage)).toEqual(at(7));
    expect(await channels.unlinkedAt(C, { provider: 'statuspage', pageId: 'SP' })).toEqual(at(7));
    expect(await channels.unlinkedAt(C)).toEqual(at(7));
    expect(await channels.unlinkedAt('C-NEVER')).toBeNull();
  });

  it('keeps the links of the one-link-per-channel table when migrating', async () => {
    const db = rawDatabase();
    try {
      const row = {
        channel_id: 'C-OLD',
        provider: 'pagerduty',
        page_id: 'PAGE1',
        page_name: 'Acme Status',
        page_url: null,
        post_id: 'INC-OLD',
        post_kind: 'incident',
        post_title: 'Old link',
        post_url: null,
        linked_by: 'U9',
        linked_at: T0.toISOString(),
        unlinked_at: null,
      };
      const gone = { ...row, channel_id: 'C-OLD-GONE', unlinked_at: at(3).toISOString() };
      await sql`insert into channel_links ${sql.raw(`(${Object.keys(row).join(', ')})`)} values (${sql.join(Object.values(row))}), (${sql.join(Object.values(gone))})`.execute(
        db,
      );
      await multiPageLinksUp(db); // as on a database that had them before 006; running it again changes nothing else
      await multiPageLinksUp(db);
    } finally {
      await db.destroy();
    }
    expect(await channels.listLinks('C-OLD')).toEqual([
      {
        ...link({ channelId: 'C-OLD', linkedBy: 'U9', post: { id: 'INC-OLD', title: 'Old link', kind: 'incident', url: null } }),
        page: { id: 'PAGE1', name: 'Acme Status', url: null },
      },
    ]);
    expect(await channels.listLinks('C-OLD-GONE')).toEqual([]);
    expect(await channels.unlinkedAt('C-OLD-GONE')).toEqual(at(3));
  });

  it('groups the submissions of one submit, with their submissions once stored', async () => {
    const groups = store.groups;
    await groups.addMembers(
      [
        { submissionKey: 'V1:h1', groupKey: 'V1:h1', provider: 'pagerduty', pageId: 'PAGE1', inForm: true },
        { submissionKey: 'V1:h1#devhelm:DH-PAGE', groupKey: 'V1:h1', provider: 'devhelm', pageId: 'DH-PAGE', inForm: false },
      ],
      at(0),
    );
    // Again (a replayed submit): nothing changes.
    await second.groups.addMembers(
      [{ submissionKey: 'V1:h1', groupKey: 'other', provider: 'pagerduty', pageId: 'PAGE1', inForm: true }],
      at(1),
    );
    const { submission } = await store.submissions.saveSubmission(newSubmission({ key: 'V1:h1' }));
    expect(await groups.groupKeyOf('V1:h1')).toBe('V1:h1');
    expect(await groups.groupKeyOf('nope')).toBeNull();
    const members = await groups.listMembers('V1:h1');
    expect(members.map((m) => [m.provider, m.inForm, m.submission?.id ?? null])).toEqual([
      ['pagerduty', true, submission.id],
      ['devhelm', false, null],
    ]);
    expect(await groups.listMembers('none')).toEqual([]);
  });

  function rawDatabase(): Kysely<unknown> {
    if (engine === 'postgres')
      return new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: opened.databaseUrl, max: 1 }) }) });
    return new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(opened.dataDir, SQLITE_FILE_NAME)) }) });
  }
});
