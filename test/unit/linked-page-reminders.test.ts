import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remindedWithAnotherPage } from '../../src/reminders/linked-page-reminders.js';
import { openStore } from '../../src/store/open-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import type { Submission } from '../../src/updates/submission.js';
import type { ChannelLink } from '../../src/updates/channel-link.js';
import type { Stores } from '../../src/store/stores.js';

// One submit published to two linked pages is one update for the channel: one reminder, carried by the page
// published last among those the channel is still linked to.

const T0 = new Date('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('reminders of an update published to several pages', () => {
  let store: Stores;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-group-reminders-'));
    store = await openStore({ dataDir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const read = async (id: string) => (await store.submissions.getSubmission(id))!;
  const link = (channelId: string, provider: ChannelLink['provider'], pageId: string, postId: string): ChannelLink => ({
    channelId,
    provider,
    page: { id: pageId, name: pageId, url: null },
    post: { id: postId, title: postId, kind: 'incident', url: null },
    linkedBy: 'U1',
    linkedAt: T0,
  });

  /** A submit to a PagerDuty page (the form's) and a DevHelm page, published `formAt` and `otherAt` seconds after T0. */
  async function groupSubmit(
    name: string,
    channelId: string,
    formAt: number,
    otherAt: number,
  ): Promise<{ form: Submission; other: Submission }> {
    const otherKey = `${name}#devhelm:DH`;
    await store.groups.addMembers(
      [
        { submissionKey: name, groupKey: name, provider: 'pagerduty', pageId: 'PAGE1', inForm: true },
        { submissionKey: otherKey, groupKey: name, provider: 'devhelm', pageId: 'DH', inForm: false },
      ],
      T0,
    );
    const form = (await store.submissions.saveSubmission(newSubmission({ key: name, channelId }))).submission;
    const other = (
      await store.submissions.saveSubmission(
        newSubmission({
          key: otherKey,
          channelId,
          draft: draft({ provider: 'devhelm', page: { id: 'DH', name: 'Internal', url: null }, severity: null }),
        }),
      )
    ).submission;
    await store.submissions.markPublished(form.id, `E-${form.id}`, at(formAt));
    await store.submissions.markPublished(other.id, `E-${other.id}`, at(otherAt));
    return { form: await read(form.id), other: await read(other.id) };
  }

  it('is carried by one page only; an update to a single page carries its own', async () => {
    const { form, other } = await groupSubmit('V9:h', 'C1', 0, 2);

    expect(await remindedWithAnotherPage(form, store)).toBe(true);
    expect(await remindedWithAnotherPage(other, store)).toBe(false);
    const single = (await store.submissions.saveSubmission(newSubmission())).submission;
    expect(await remindedWithAnotherPage(single, store)).toBe(false);
  });

  it('on a tie, the form’s page carries it', async () => {
    const { form, other } = await groupSubmit('V8:h', 'C8', 5, 5);
    expect(await remindedWithAnotherPage(form, store)).toBe(false);
    expect(await remindedWithAnotherPage(other, store)).toBe(true);
  });

  it('moves to a page still linked when the carrying page was unlinked, and stays put when none is', async () => {
    const channels = store.channels;
    await channels.saveLink(link('C2', 'pagerduty', 'PAGE1', 'INC1'));
    await channels.saveLink(link('C2', 'devhelm', 'DH', 'INC1'));
    const { form, other } = await groupSubmit('V7:h', 'C2', 0, 2); // DevHelm, published last, carries it
    expect(await remindedWithAnotherPage(form, store)).toBe(true);

    await channels.unlink('C2', at(60), { provider: 'devhelm', pageId: 'DH' });
    expect(await remindedWithAnotherPage(form, store)).toBe(false); // PagerDuty, still linked, carries it now
    expect(await remindedWithAnotherPage(other, store)).toBe(true);

    // Both unlinked: the usual carrier keeps it (and is then skipped as unlinked): still one, never two.
    await channels.unlink('C2', at(120));
    expect(await remindedWithAnotherPage(form, store)).toBe(true);
    expect(await remindedWithAnotherPage(other, store)).toBe(false);
  });

  it('ignores an unlink from before the update (the page was linked again since)', async () => {
    const channels = store.channels;
    await channels.saveLink(link('C3', 'devhelm', 'DH', 'INC1'));
    await channels.unlink('C3', at(-60), { provider: 'devhelm', pageId: 'DH' });
    await channels.saveLink({ ...link('C3', 'devhelm', 'DH', 'INC1'), linkedAt: at(-30) });
    await channels.saveLink(link('C3', 'pagerduty', 'PAGE1', 'INC1'));
    const { form, other } = await groupSubmit('V6:h', 'C3', 0, 2);
    expect(await remindedWithAnotherPage(form, store)).toBe(true);
    expect(await remindedWithAnotherPage(other, store)).toBe(false);
  });
});
