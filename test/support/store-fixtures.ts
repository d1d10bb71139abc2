import { randomUUID } from 'node:crypto';
import type { UpdateDraft } from '../../src/updates/draft.js';
import type { NewSubmission } from '../../src/updates/submission.js';

// Valid submissions for tests that need one in the store; override what the test is about.

export function draft(overrides: Partial<UpdateDraft> = {}): UpdateDraft {
  return {
    provider: 'pagerduty',
    page: { id: 'PAGE1', name: 'Acme Status', url: 'https://status.acme.test' },
    post: { id: 'INC1', title: 'Checkout errors', kind: 'incident', url: null },
    status: { id: 'identified', label: 'Identified' },
    severity: { id: 'major', label: 'Major' },
    message: 'We found the cause: a bad deploy. Rolling back. <!channel> & "quotes" — ünïcode',
    impacts: [{ component: { id: 'C1', label: 'API' }, impact: { id: 'partial', label: 'Partial outage' } }],
    notifySubscribers: true,
    nextUpdateMinutes: 30,
    reportedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

export function newSubmission(overrides: Partial<NewSubmission> = {}): NewSubmission {
  return {
    key: `key-${randomUUID()}`,
    teamId: 'T1',
    userId: 'U1',
    channelId: 'C1',
    responseUrl: 'https://hooks.slack.test/commands/T1/1/abc',
    viewId: 'V1',
    draft: draft(),
    ...overrides,
  };
}
