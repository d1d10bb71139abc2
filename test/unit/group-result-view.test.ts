import { buildGroupResultView } from '../../src/slack/outcome/group-result-view.js';
import type { PageOutcome } from '../../src/submitting/group-outcome.js';
import { draft } from '../support/store-fixtures.js';

// The result of one submit to several pages: each page's outcome, and Edit and retry only when one failed.

const published = (overrides: Partial<PageOutcome> = {}): PageOutcome => ({
  submissionId: 'S1',
  draft: draft(),
  state: 'published',
  failure: null,
  echoed: true,
  earlier: false,
  ...overrides,
});
const failedDevhelm = published({
  submissionId: 'S2',
  draft: draft({
    provider: 'devhelm',
    page: { id: 'DH', name: 'Internal <b>', url: null },
    post: { id: 'I', title: 'Slow & steady', kind: 'incident', url: null },
  }),
  state: 'failed',
  failure: { kind: 'rejected', message: 'DevHelm refused the update.', status: 400, requestId: 'req-1' },
  echoed: false,
});

describe('buildGroupResultView', () => {
  it('lists each page as published, with no button', () => {
    const view = buildGroupResultView({
      pages: [published(), published({ submissionId: 'S3', earlier: true })],
      channelId: 'C1',
      retryId: null,
    });
    const text = JSON.stringify(view.blocks);
    expect(view.title.text).toBe('Update published');
    expect(text).toContain('published on 2 status pages');
    expect(text).toContain('published, earlier');
    expect(text).not.toContain('edit_and_retry');
  });

  it('names the failure in the provider’s words, keeps the message, and offers Edit and retry for that page', () => {
    const view = buildGroupResultView({ pages: [published(), failedDevhelm], channelId: 'C1', retryId: 'S2' });
    const text = JSON.stringify(view.blocks);
    expect(view.title.text).toBe('Partly published');
    expect(text).toContain('published on 1 of 2 status pages');
    expect(text).toContain('DevHelm answered HTTP 400');
    expect(text).toContain('Internal &lt;b&gt;');
    expect(text).toContain('Slow &amp; steady');
    expect(text).toContain('"value":"S2"');
    expect(view.blocks.length).toBeLessThanOrEqual(50);
  });
});
