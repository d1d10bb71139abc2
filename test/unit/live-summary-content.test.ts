import { buildSummaryMessage } from '../../src/summary/summary-message.js';
import { summariseIncidents, type IncidentSummary } from '../../src/summary/incident-summaries.js';
import type { UpdateDraft } from '../../src/updates/draft.js';
import { draft } from '../support/store-fixtures.js';
import { slackLimitViolations } from './support/slack-limits.js';
import type { Submission } from '../../src/updates/submission.js';

// What the live summary says (worked out from a channel's published submissions) and how it is laid out.

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
let counter = 0;

function published(minutes: number, overrides: Partial<UpdateDraft> = {}): Submission {
  counter += 1;
  return {
    id: `sub-${counter}`,
    key: `key-${counter}`,
    teamId: 'T1',
    userId: 'U0AUTHOR',
    channelId: 'C1',
    responseUrl: null,
    viewId: null,
    draft: draft(overrides),
    state: 'published',
    attemptCount: 1,
    failure: null,
    entryId: `E${counter}`,
    publishedAt: at(minutes),
    echoState: 'posted',
    echoTs: null,
    leaseUntil: null,
    leaseOwner: null,
    notifiedAt: null,
    createdAt: at(minutes - 1),
    updatedAt: at(minutes),
  };
}

const impact = (id: string, label: string, state: string) => ({ component: { id, label }, impact: { id: state, label: state } });
const devhelm = (post: string) => ({
  provider: 'devhelm' as const,
  severity: null,
  post: { id: post, title: `Incident ${post}`, kind: 'incident' as const, url: null },
});
const keepsOnDevhelm = (provider: string) => provider === 'devhelm';

describe('summariseIncidents', () => {
  it('takes each incident as its newest update by publish time left it, whatever order they come in', () => {
    const newer = published(20, { message: 'newer', status: { id: 'monitoring', label: 'Monitoring' } });
    const older = published(10, { message: 'older', status: { id: 'identified', label: 'Identified' } });
    const [incident] = summariseIncidents([newer, older], () => false);
    expect(incident).toMatchObject({
      status: { label: 'Monitoring' },
      lastUpdate: { message: 'newer', publishedAt: at(20) },
      updateCount: 2,
    });
    expect(incident!.nextUpdateDue).toEqual(at(50));
  });

  it('keeps a component as last set where the provider keeps them, and takes the newest list where it does not', () => {
    const updates = [
      published(1, { ...devhelm('D1'), impacts: [impact('api', 'API', 'MAJOR_OUTAGE'), impact('web', 'Web', 'DEGRADED_PERFORMANCE')] }),
      published(2, { ...devhelm('D1'), impacts: [impact('api', 'API', 'OPERATIONAL')] }),
      published(3, { impacts: [impact('C1', 'Checkout', 'partial outage')] }),
      published(4, { impacts: [] }),
    ];
    const [pagerduty, dh] = summariseIncidents(updates, keepsOnDevhelm);
    expect(dh!.components).toEqual([
      { id: 'api', label: 'API', state: 'OPERATIONAL' },
      { id: 'web', label: 'Web', state: 'DEGRADED_PERFORMANCE' },
    ]);
    expect(dh!.severity).toBeNull();
    expect(pagerduty!.components).toEqual([]);
  });

  it('lists incidents newest first, and promises no next update once one is resolved', () => {
    const updates = [
      published(1, { post: { id: 'A', title: 'A', kind: 'incident', url: null } }),
      published(5, { post: { id: 'B', title: 'B', kind: 'maintenance', url: null }, status: { id: 'completed', label: 'completed' } }),
      published(3, { post: { id: 'C', title: 'C', kind: 'incident', url: null } }),
    ];
    const incidents = summariseIncidents(updates, () => false);
    expect(incidents.map((incident) => incident.post.id)).toEqual(['B', 'C', 'A']);
    expect(incidents[0]).toMatchObject({ closed: true, nextUpdateDue: null });
  });
});

describe('buildSummaryMessage', () => {
  const summaries = (updates: Submission[]): IncidentSummary[] => summariseIncidents(updates, () => false);

  it('shows status, severity, services, the last update and when the next is due, escaped, with date tokens', () => {
    const message = buildSummaryMessage({
      incidents: summaries([
        published(1, { post: { id: 'P', title: 'API <errors>', kind: 'incident', url: 'https://status.acme.test/i/P?a=1&b=2' } }),
      ]),
    });
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('API &lt;errors&gt;');
    expect(text).toContain('*Severity*\\nMajor');
    expect(text).toContain('• API: Partial outage');
    expect(text).toContain('&lt;!channel&gt; &amp; \\"quotes\\"');
    expect(text).not.toMatch(/[^;]<!channel>/);
    expect(text).toContain(`<!date^${at(1).getTime() / 1000}^`);
    expect(text).toContain(`<!date^${at(31).getTime() / 1000}^`);
    expect(text).toContain('<https://status.acme.test/i/P?a=1&amp;b=2|View on Acme Status>');
    expect(message.text).toBe('Incident summary: API &lt;errors&gt; is Identified');
  });

  it('leaves out what the provider does not have, and links nowhere but to http(s)', () => {
    const message = buildSummaryMessage({
      incidents: summaries([
        published(1, { severity: null, nextUpdateMinutes: null, page: { id: 'X', name: 'X', url: 'javascript:alert(1)' } }),
      ]),
    });
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('*Severity*');
    expect(text).toContain('*Next update due*\\nNot set');
    expect(text).not.toContain('javascript:');
  });

  it('stays within Slack limits with many incidents, many services and the longest message', () => {
    const longMessage = Array.from({ length: 600 }, (_, i) => `${i} & <b>`)
      .join('\n')
      .slice(0, 3000);
    const incidents = summaries(
      Array.from({ length: 20 }, (_, i) =>
        published(i, {
          post: { id: `P${i}`, title: `Incident ${i} ${'x'.repeat(300)}`, kind: 'incident', url: null },
          message: longMessage,
          impacts: Array.from({ length: 120 }, (_, c) => impact(`C${c}`, `Service ${c} ${'y'.repeat(40)}`, 'major outage')),
        }),
      ),
    );
    const message = buildSummaryMessage({ incidents });
    expect(slackLimitViolations(message as never, 'message')).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('older incidents not shown');
    expect(text).toMatch(/…and \d+ more/);
    // Cut between entities, never inside one.
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });
});
