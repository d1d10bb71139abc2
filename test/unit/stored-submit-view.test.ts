import type { GroupOutcome, GroupOutcomeReader } from '../../src/submitting/group-outcome.js';
import { viewOfStoredSubmit } from '../../src/slack/outcome/stored-submit-view.js';
import { draft } from '../support/store-fixtures.js';
import type { Submission } from '../../src/updates/submission.js';

// What a submit Herald already stored shows when Slack sends it again: how it stands, for every page.

const T0 = new Date('2026-03-01T10:00:00.000Z');

function stored(overrides: Partial<Submission> = {}): Submission {
  return {
    id: 'S1',
    key: 'V1:h',
    teamId: 'T1',
    userId: 'U1',
    channelId: 'C1',
    responseUrl: null,
    viewId: 'V1',
    draft: draft(),
    state: 'published',
    attemptCount: 1,
    failure: null,
    entryId: 'E1',
    publishedAt: T0,
    echoState: 'posted',
    echoTs: '1.1',
    leaseUntil: null,
    leaseOwner: null,
    notifiedAt: T0,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

const devhelm = draft({
  provider: 'devhelm',
  page: { id: 'DH', name: 'Acme Cloud', url: null },
  post: { id: 'I2', title: 'Slow dashboard', kind: 'incident', url: null },
  severity: null,
});
const reader =
  (group: GroupOutcome | null): GroupOutcomeReader =>
  async () =>
    group;
const failure = { kind: 'rejected', message: 'DevHelm refused the update.', status: 400 };

describe('viewOfStoredSubmit', () => {
  it('shows the group’s result for a submit that went to several pages', async () => {
    const group: GroupOutcome = {
      complete: true,
      retryId: 'S2',
      pages: [
        { submissionId: 'S1', draft: draft(), state: 'published', failure: null, echoed: true, earlier: false },
        { submissionId: 'S2', draft: devhelm, state: 'failed', failure, echoed: false, earlier: false },
      ],
    };
    const view = await viewOfStoredSubmit(reader(group), stored());
    expect(view?.title.text).toBe('Partly published');
    const text = JSON.stringify(view?.blocks);
    expect(text).toContain('published on 1 of 2 status pages');
    expect(text).toContain('Slow dashboard');
    expect(text).toContain('edit_and_retry');
  });

  it('shows "Publishing…" while another page of the group is still publishing', async () => {
    const view = await viewOfStoredSubmit(reader({ complete: false, pages: [], retryId: null }), stored());
    expect(view?.title.text).toBe('Publishing…');
  });

  it('shows a single page’s own outcome, and nothing while it is still to publish', async () => {
    expect((await viewOfStoredSubmit(reader(null), stored()))?.title.text).toBe('Update published');
    expect(JSON.stringify((await viewOfStoredSubmit(reader(null), stored({ state: 'failed', failure })))?.blocks)).toContain(
      'DevHelm refused the update.',
    );
    expect(await viewOfStoredSubmit(reader(null), stored({ state: 'publishing' }))).toBeNull();
    expect(await viewOfStoredSubmit(reader(null), stored({ state: 'pending' }))).toBeNull();
  });

  it('falls back to the page’s own outcome when the group cannot be read', async () => {
    const view = await viewOfStoredSubmit(async () => Promise.reject(new Error('database down')), stored());
    expect(view?.title.text).toBe('Update published');
  });
});
