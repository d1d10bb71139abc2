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
  statuses: [
    { id: 'S1', label: 'Investigating' },
    { id: 'S2', label: 'Identified' },
    { id: 'S4', label: 'Resolved' },
  ],
  severities: [
    { id: 'SV1', label: 'Minor' },
    { id: 'SV2', label: 'Major' },
  ],
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
    expect(deriveLinkedDraft(completed, devhelm, devhelmOptions, keeps, null)).toMatchObject({
      ok: true,
      draft: { status: { id: 'RESOLVED' } },
    });
    const custom = draft({ status: { id: 'X9', label: 'Waiting on vendor' } });
    expect(deriveLinkedDraft(custom, devhelm, devhelmOptions, keeps, null)).toEqual({
      ok: false,
      reason: expect.stringContaining('has no status like “Waiting on vendor”'),
    });
  });

  it('gives PagerDuty a severity by name (else the page’s current one) and repeats the page’s impacts until resolved', () => {
    const fromDevhelm = draft({ provider: 'devhelm', severity: null, status: { id: 'IDENTIFIED', label: 'Identified' } });
    // The post's newest entry on PagerDuty: possibly written there, not through Herald.
    const newest = {
      severityId: 'SV2',
      impacts: [
        { componentId: 'svc-api', impactId: 'I1' },
        { componentId: 'gone', impactId: 'I1' },
      ],
    };
    const derived = deriveLinkedDraft(fromDevhelm, pagerduty, pagerdutyOptions, lists, newest);
    expect(derived).toMatchObject({
      ok: true,
      draft: {
        status: { id: 'S2' },
        severity: { id: 'SV2' },
        impacts: [{ component: { id: 'svc-api', label: 'API' }, impact: { id: 'I1', label: 'Partial outage' } }],
        reportedAt: fromDevhelm.reportedAt,
      },
    });
    expect(derived.ok && derived.draft.impacts).toHaveLength(1);

    const resolved = deriveLinkedDraft(
      { ...fromDevhelm, status: { id: 'RESOLVED', label: 'Resolved' } },
      pagerduty,
      pagerdutyOptions,
      lists,
      newest,
    );
    expect(resolved).toMatchObject({ ok: true, draft: { status: { id: 'S4' }, impacts: [] } });

    expect(deriveLinkedDraft(fromDevhelm, pagerduty, pagerdutyOptions, lists, null)).toEqual({
      ok: false,
      reason: expect.stringContaining('needs a severity'),
    });
    expect(deriveLinkedDraft(draft({ severity: { id: 'x', label: 'minor' } }), pagerduty, pagerdutyOptions, lists, null)).toMatchObject({
      ok: true,
      draft: { severity: { id: 'SV1', label: 'Minor' } },
    });
  });

  it('never sends PagerDuty fewer impacts than its page shows because Herald did not write them', () => {
    // An incident opened in PagerDuty's own UI with "API: partial outage": Herald never updated it.
    const fromDevhelm = draft({
      provider: 'devhelm',
      severity: { id: 'major', label: 'Major' },
      impacts: [],
      status: { id: 'MONITORING', label: 'Monitoring' },
    });
    const monitoring = { ...pagerdutyOptions, statuses: [...pagerdutyOptions.statuses, { id: 'S3', label: 'Monitoring' }] };
    const derived = deriveLinkedDraft(fromDevhelm, pagerduty, monitoring, lists, {
      severityId: 'SV1',
      impacts: [{ componentId: 'svc-api', impactId: 'I1' }],
    });
    expect(derived).toMatchObject({
      ok: true,
      draft: { status: { id: 'S3' }, severity: { id: 'SV2' }, impacts: [{ component: { id: 'svc-api' }, impact: { id: 'I1' } }] },
    });
  });
});
