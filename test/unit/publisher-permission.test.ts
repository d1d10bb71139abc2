import { groupIdsByHandle, listHandles, notAMemberMessage } from '../../src/slack/publisher-permission.js';
import { draftFromEntry } from '../../src/slack/prefill-from-page.js';

describe('who may publish: the pure parts', () => {
  it('names the groups the way people read them', () => {
    expect(listHandles(['sre'])).toBe('@sre');
    expect(listHandles(['incident-commanders', 'sre'])).toBe('@incident-commanders or @sre');
    expect(listHandles(['a', 'b', 'c'])).toBe('@a, @b or @c');
    expect(notAMemberMessage(['incident-commanders', 'sre'])).toBe(
      'Only members of @incident-commanders or @sre can publish status updates. Ask one of them, or ask an admin to add you.',
    );
  });

  it('keeps only the configured handles, compared in lower case, and never a deleted group', () => {
    const ids = groupIdsByHandle(
      [
        { id: 'S1', handle: 'SRE' },
        { id: 'S2', handle: 'marketing' },
        { id: 'S3', handle: 'old-ic', date_delete: 1_700_000_000 },
        { handle: 'no-id' },
      ],
      ['sre', 'old-ic', 'ghosts'],
    );
    expect([...ids]).toEqual([['sre', 'S1']]);
  });
});

describe('the form prefilled from the page', () => {
  const target = {
    provider: 'pagerduty' as const,
    page: { id: 'P1', name: 'Acme', url: null },
    post: { id: 'POST1', title: 'Errors', kind: 'incident' as const, url: null },
  };
  const options = {
    statuses: [{ id: 'ST1', label: 'investigating' }, { id: 'ST2', label: 'monitoring' }],
    severities: [{ id: 'SV1', label: 'minor' }],
    impacts: [{ id: 'IM1', label: 'partial outage' }],
    components: [{ id: 'C1', name: 'API', currentImpactId: null }],
  };

  it("takes the entry's status, severity and impacts, leaves out what the page no longer offers, and empties the message", () => {
    const draft = draftFromEntry(
      target,
      { id: 'E1', postId: 'POST1', message: '<p>x</p>', statusId: 'ST2', reportedAt: null, severityId: 'SV1', impacts: [{ componentId: 'C1', impactId: 'IM1' }, { componentId: 'GONE', impactId: 'IM1' }] },
      options,
      null,
    );
    expect(draft).toMatchObject({
      status: { id: 'ST2', label: 'monitoring' },
      severity: { id: 'SV1', label: 'minor' },
      impacts: [{ component: { id: 'C1', label: 'API' }, impact: { id: 'IM1', label: 'partial outage' } }],
      message: '',
      nextUpdateMinutes: 30,
      notifySubscribers: true,
    });
  });

  it('keeps the previous draft when the entry has a status the page does not offer', () => {
    expect(draftFromEntry(target, { id: 'E1', postId: 'POST1', message: '', statusId: 'CUSTOM', reportedAt: null }, options, null)).toBeNull();
  });
});
