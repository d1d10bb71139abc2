import type { PostOptions } from '../../src/providers/provider.js';
import { deriveLinkedDraft, type LinkedTarget } from '../../src/updates/derive-linked-draft.js';
import { draft } from '../support/store-fixtures.js';

// The update written for the page in the form, carried to another linked page: same words, that page's
// statuses, its own components left alone.

const devhelm: LinkedTarget = {
  provider: 'devhelm',
  page: { id: 'DH', name: 'Internal', url: null },
  post: { id: 'DH-INC', title: 'Checkout errors (internal)', kind: 'incident', url: null },
};
const devhelmOptions: PostOptions = {
  statuses: ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'].map((id) => ({ id, label: id[0] + id.slice(1).toLowerCase() })),
  severities: [],
  impacts: [{ id: 'OPERATIONAL', label: 'Operational' }],
  components: [{ id: 'c1', name: 'API', currentImpactId: 'OPERATIONAL' }],
};
const keeps = { severity: false, nextUpdate: false, reportedAt: false, componentsKeepUnlessChanged: true };

const pagerduty: LinkedTarget = {
  provider: 'pagerduty',
  page: { id: 'PD', name: 'Public', url: 'https://status.test' },
  post: { id: 'PD-INC', title: 'Checkout errors', kind: 'incident', url: null },
};
const pagerdutyOptions: PostOptions = {
  statuses: [{ id: 'S1', label: 'Investigating' }, { id: 'S2', label: 'Identified' }, { id: 'S4', label: 'Resolved' }],
  severities: [{ id: 'SV1', label: 'Minor' }, { id: 'SV2', label: 'Major' }],
  impacts: [{ id: 'I1', label: 'Partial outage' }],
  components: [{ id: 'svc-api', name: 'API', currentImpactId: null }],
};
const lists = { severity: true, nextUpdate: true, reportedAt: true };

describe('deriveLinkedDraft', () => {
  it('keeps the words and choices, says the status in the page’s vocabulary and leaves its components alone', () => {
    const derived = deriveLinkedDraft(draft(), devhelm, devhelmOptions, keeps, null);
    expect(derived).toEqual({
      ok: true,
      draft: {
        ...draft(),
        provider: 'devhelm',
        page: devhelm.page,
        post: devhelm.post,
        status: { id: 'IDENTIFIED', label: 'Identified' },
        severity: null,
        impacts: [],
        reportedAt: null,
      },
    });
  });

  it('maps a status by meaning when the names differ, and refuses one with no counterpart', () => {
    const completed = draft({ status: { id: 'completed', label: 'Completed' } });
    expect(deriveLinkedDraft(completed, devhelm, devhelmOptions, keeps, null)).toMatchObject({ ok: true, draft: { status: { id: 'RESOLVED' } } });
    const custom = draft({ status: { id: 'X9', label: 'Waiting on vendor' } });
    expect(deriveLinkedDraft(custom, devhelm, devhelmOptions, keeps, null)).toEqual({ ok: false, reason: expect.stringContaining('has no status like “Waiting on vendor”') });
  });

  it('gives PagerDuty a severity by name (else its last one) and repeats its last impacts until resolved', () => {
    const fromDevhelm = draft({ provider: 'devhelm', severity: null, status: { id: 'IDENTIFIED', label: 'Identified' } });
    const last = draft({ severity: { id: 'SV2', label: 'Major' }, impacts: [{ component: { id: 'svc-api', label: 'API' }, impact: { id: 'I1', label: 'Partial outage' } }, { component: { id: 'gone', label: 'Old' }, impact: { id: 'I1', label: 'Partial outage' } }] });
    const derived = deriveLinkedDraft(fromDevhelm, pagerduty, pagerdutyOptions, lists, last);
    expect(derived).toMatchObject({ ok: true, draft: { status: { id: 'S2' }, severity: { id: 'SV2' }, impacts: [{ component: { id: 'svc-api' } }], reportedAt: fromDevhelm.reportedAt } });

    const resolved = deriveLinkedDraft({ ...fromDevhelm, status: { id: 'RESOLVED', label: 'Resolved' } }, pagerduty, pagerdutyOptions, lists, last);
    expect(resolved).toMatchObject({ ok: true, draft: { status: { id: 'S4' }, impacts: [] } });

    expect(deriveLinkedDraft(fromDevhelm, pagerduty, pagerdutyOptions, lists, null)).toEqual({ ok: false, reason: expect.stringContaining('needs a severity') });
    expect(deriveLinkedDraft(draft({ severity: { id: 'x', label: 'minor' } }), pagerduty, pagerdutyOptions, lists, null)).toMatchObject({ ok: true, draft: { severity: { id: 'SV1', label: 'Minor' } } });
  });
});
