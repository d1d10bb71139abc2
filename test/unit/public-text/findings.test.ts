import { checkPublicText } from '../../../src/updates/public-text/check-public-text.js';
import { FAKE_SLACK_TOKEN, input, kindsFor } from './support.js';

const summaryOf = (kind: string, message: string, patterns: RegExp[] = []) =>
  checkPublicText(input({ message }), { internalPatterns: patterns }).find((f) => f.kind === kind)?.summary;

describe('Slack syntax', () => {
  it.each([
    ['a user mention', 'Thanks <@U024BE7LH> for the fix so far.'],
    ['a channel link', 'Details in <#C0123ABC|incidents> for the team.'],
    ['a group mention', 'Paging <!subteam^S0123ABC|@sre> about this now.'],
    ['@here', '@here the database is slow again today.'],
    ['@channel', 'Heads up @channel we are on it now.'],
    ['<!here>', '<!here> the database is slow again today.'],
    ['<!channel>', '<!channel> the database is slow again today.'],
    ['<!everyone>', '<!everyone> the database is slow again today.'],
  ])('finds %s', (_, message) => {
    expect(kindsFor({ message })).toEqual(['slack-syntax']);
  });

  it('quotes what it found', () => {
    expect(summaryOf('slack-syntax', 'Thanks <@U024BE7LH> and @here, fixed now.')).toBe('Slack mentions: “<@U024BE7LH>”, “@here”.');
  });

  it('leaves e-mail addresses and ordinary words alone', () => {
    expect(kindsFor({ message: 'Write to support@here.com if checkouts still fail for you.' })).toEqual([]);
  });
});

describe('internal details', () => {
  it.each([
    ['a private IPv4 address', 'The primary at 10.20.30.40 stopped answering.'],
    ['a 192.168 address', 'The primary at 192.168.1.20 stopped answering.'],
    ['a loopback IPv4 address', 'Requests to 127.0.0.1 time out.'],
    ['a unique local IPv6 address', 'The primary at fd12:3456:789a::1 stopped answering.'],
    ['a link-local IPv6 address', 'The router fe80::1%eth0 dropped packets.'],
    ['the IPv6 loopback', 'Requests to ::1 time out on every host.'],
  ])('finds %s', (_, message) => {
    expect(kindsFor({ message })).toEqual(['internal-address']);
  });

  it('leaves public addresses, versions and times alone', () => {
    expect(kindsFor({ message: 'Our CDN at 8.8.8.8 and 2001:4860:4860::8888 is fine; version 1.2.3 ships at 12:30:00 UTC.' })).toEqual([]);
  });

  it.each(['db-1.internal', 'printer.local', 'git.acme.corp', 'nas.lan', 'wiki.intranet', 'router.home.arpa'])(
    'finds the host name %s',
    (host) => {
      expect(kindsFor({ message: `The service behind ${host} is slow right now.` })).toEqual(['internal-hostname']);
      expect(summaryOf('internal-hostname', `The service behind ${host} is slow right now.`)).toContain(`“${host}”`);
    },
  );

  it('leaves public host names alone', () => {
    expect(kindsFor({ message: 'See status.example.com and local news for more.' })).toEqual([]);
  });

  it('finds the operator’s own patterns (HERALD_INTERNAL_PATTERNS)', () => {
    expect(kindsFor({ message: 'Tracked as PROJ-1234 by the team now.' }, [/proj-\d+/i])).toEqual(['internal-pattern']);
    expect(summaryOf('internal-pattern', 'Tracked as PROJ-1234 by the team now.', [/proj-\d+/i])).toContain('“PROJ-1234”');
    expect(kindsFor({ message: 'Nothing internal in this update at all.' }, [/proj-\d+/i])).toEqual([]);
  });
});

describe('secrets', () => {
  it('blocks a token, naming its kind and at most its last 4 characters', () => {
    const [finding] = checkPublicText(input({ message: `We rotated ${FAKE_SLACK_TOKEN} after the leak today.` }));
    expect(finding).toMatchObject({ kind: 'secret', blocking: true });
    expect(finding!.summary).toContain('Slack token');
    expect(finding!.summary).toContain('“UvWx”');
    expect(JSON.stringify(finding)).not.toContain(FAKE_SLACK_TOKEN.slice(0, -4));
  });

  it('blocks a database URL with a password', () => {
    const findings = checkPublicText(input({ message: 'The app used postgres://app:hunter2hunter2@db.example.com:5432/app until now.' }));
    expect(findings.map((f) => f.kind)).toEqual(['secret']);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });

  it('never lets another finding quote a secret', () => {
    const findings = checkPublicText(input({ message: `Token ${FAKE_SLACK_TOKEN} leaked.` }), { internalPatterns: [/token \S+/i] });
    expect(findings.map((f) => f.kind)).toEqual(['secret', 'internal-pattern']);
    expect(JSON.stringify(findings)).not.toContain(FAKE_SLACK_TOKEN);
  });
});

describe('stack traces and code blocks', () => {
  it('finds a JavaScript stack trace', () => {
    const message = 'Error: boom\n    at handler (/srv/app/index.js:10:5)\n    at process (node:internal/process:12:3)';
    expect(kindsFor({ message })).toEqual(['stack-trace']);
  });

  it('finds a Python traceback', () => {
    const message = 'Traceback (most recent call last):\n  File "/srv/app.py", line 3, in <module>\nValueError: bad';
    expect(kindsFor({ message })).toEqual(['stack-trace']);
  });

  it('finds a long code block, and leaves a short one alone', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n');
    expect(kindsFor({ message: `We saw this in the logs:\n\`\`\`\n${lines(8)}\n\`\`\`` })).toEqual(['long-code-block']);
    expect(kindsFor({ message: 'Run this on your side:\n```\ncurl -I https://example.com\n```' })).toEqual([]);
  });

  it('leaves prose with one "at" line alone', () => {
    expect(kindsFor({ message: 'The fault started at 10:05 and we are at it now.' })).toEqual([]);
  });
});

describe('the change', () => {
  const resolved = { id: 'resolved', label: 'Resolved' };

  it('finds resolving while components still show a problem', () => {
    const findings = checkPublicText(
      input({ change: { statusAfter: resolved, componentsStillImpacted: [{ name: 'API', impactLabel: 'Degraded performance' }] } }),
    );
    expect(findings.map((f) => [f.kind, f.field])).toEqual([['resolving-while-impacted', 'components']]);
    expect(findings[0]!.summary).toContain('API (Degraded performance)');
  });

  it('finds a status going backwards, for incidents and maintenance', () => {
    const back = (before: string, after: string) =>
      kindsFor({ change: { statusBefore: { id: before, label: before }, statusAfter: { id: after, label: after } } });
    expect(back('monitoring', 'investigating')).toEqual(['status-backwards']);
    expect(back('Identified', 'Investigating')).toEqual(['status-backwards']);
    expect(back('verifying', 'in_progress')).toEqual(['status-backwards']);
    expect(back('investigating', 'monitoring')).toEqual([]);
    expect(back('monitoring', 'monitoring')).toEqual([]);
    expect(back('custom-a', 'investigating')).toEqual([]);
  });

  it('finds notify off on a major or critical update', () => {
    expect(kindsFor({ change: { notifySubscribers: false, severity: { id: 'P1', label: 'Major' } } })).toEqual(['notify-off-when-severe']);
    expect(kindsFor({ change: { notifySubscribers: false, severity: { id: 'critical', label: 'SEV1' } } })).toEqual([
      'notify-off-when-severe',
    ]);
    expect(kindsFor({ change: { notifySubscribers: false, severity: { id: 'minor', label: 'Minor' } } })).toEqual([]);
    expect(kindsFor({ change: { notifySubscribers: true, severity: { id: 'major', label: 'Major' } } })).toEqual([]);
  });

  it('finds the same text as the last update, whatever the spacing and case', () => {
    const message = 'We are still investigating slow checkouts.';
    expect(kindsFor({ message, previousText: '  we are still   investigating slow checkouts. ' })).toEqual(['same-as-last-update']);
    expect(kindsFor({ message, previousText: 'We are investigating slow checkouts.' })).toEqual([]);
  });

  it('finds an empty or one-word message', () => {
    expect(kindsFor({ message: '' })).toEqual(['too-short']);
    expect(kindsFor({ message: '  Fixed. ' })).toEqual(['too-short']);
    expect(kindsFor({ message: 'Fixed now.' })).toEqual([]);
  });
});
