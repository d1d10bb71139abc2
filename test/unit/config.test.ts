import { ConfigError, loadConfig } from '../../src/config.js';

const complete = {
  SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
  SLACK_SIGNING_SECRET: 'very-secret-signing-secret',
  PAGERDUTY_API_TOKEN: 'pd-secret-token',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(complete);
    expect(config).toEqual({
      slack: {
        botToken: 'xoxb-secret-bot-token',
        signingSecret: 'very-secret-signing-secret',
        appToken: undefined,
        apiUrl: 'https://slack.com/api/',
      },
      port: 3000,
      providers: {
        pagerduty: { token: 'pd-secret-token', baseUrl: 'https://api.pagerduty.com' },
        devhelm: undefined,
        statuspage: undefined,
      },
      databaseUrl: undefined,
      dataDir: './data',
      logLevel: 'info',
      publishers: [],
      maxUpdatesPerMinute: 6,
      reminderPollMs: 30_000,
      auditRetentionDays: 90,
      overdueMinutes: 60,
      announceChannels: [],
      internalPatterns: [],
    });
  });

  it('reads HERALD_OVERDUE_MINUTES, refusing nonsense', () => {
    expect(loadConfig({ ...complete, HERALD_OVERDUE_MINUTES: ' 15 ' }).overdueMinutes).toBe(15);
    expect(problemsOf({ ...complete, HERALD_OVERDUE_MINUTES: '0' }).join('\n')).toContain('HERALD_OVERDUE_MINUTES must be a whole number');
    expect(problemsOf({ ...complete, HERALD_OVERDUE_MINUTES: 'soon' }).join('\n')).toContain(
      'HERALD_OVERDUE_MINUTES must be a whole number',
    );
  });

  it('reads HERALD_ANNOUNCE_CHANNELS as channel ids, refusing names with a clear error', () => {
    expect(loadConfig({ ...complete, HERALD_ANNOUNCE_CHANNELS: ' C0ANNOUNCE1, c0news2 ,C0ANNOUNCE1' }).announceChannels).toEqual([
      'C0ANNOUNCE1',
      'C0NEWS2',
    ]);
    const problems = problemsOf({ ...complete, HERALD_ANNOUNCE_CHANNELS: 'C0ANNOUNCE1, #announcements' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('HERALD_ANNOUNCE_CHANNELS must list Slack channel ids (not names)');
    expect(problems[0]).not.toContain('#announcements');
  });

  it('reads HERALD_INTERNAL_PATTERNS as case-insensitive regular expressions, naming a bad one', () => {
    const { internalPatterns } = loadConfig({ ...complete, HERALD_INTERNAL_PATTERNS: ' PROJ-\\d+\n  k8s-[a-z]+\\.prod ' });
    expect(internalPatterns.map((pattern) => pattern.source)).toEqual(['PROJ-\\d+', 'k8s-[a-z]+\\.prod']);
    expect(internalPatterns[0]!.test('see proj-42')).toBe(true);
    const problems = problemsOf({ ...complete, HERALD_INTERNAL_PATTERNS: 'fine-[0-9]+ broken-(' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HERALD_INTERNAL_PATTERNS has a pattern that is not a valid regular expression: broken-\( \(/);
  });

  it('reads HERALD_PUBLISHERS as user group handles, with or without @', () => {
    expect(loadConfig({ ...complete, HERALD_PUBLISHERS: ' @Incident-Commanders, sre,,@sre ' }).publishers).toEqual([
      'incident-commanders',
      'sre',
    ]);
    expect(loadConfig({ ...complete, HERALD_PUBLISHERS: '' }).publishers).toEqual([]);
    expect(problemsOf({ ...complete, HERALD_PUBLISHERS: 'incident commanders' }).join('\n')).toContain(
      'HERALD_PUBLISHERS must list Slack user group handles',
    );
  });

  it('refuses a HERALD_PUBLISHERS that is set but names no group, instead of letting anyone publish', () => {
    for (const value of [',', ' @ ', '@, @', ',,']) {
      expect(problemsOf({ ...complete, HERALD_PUBLISHERS: value })).toEqual([
        'HERALD_PUBLISHERS is set but names no user group: list handles like "@incident-commanders, @sre", or leave it unset to let anyone in the channel publish',
      ]);
    }
  });

  it('reads the update rate limit (0: off) and the reminder poll interval, refusing nonsense', () => {
    expect(loadConfig({ ...complete, HERALD_MAX_UPDATES_PER_MINUTE: ' 0 ' }).maxUpdatesPerMinute).toBe(0);
    expect(loadConfig({ ...complete, HERALD_MAX_UPDATES_PER_MINUTE: '12', HERALD_REMINDER_POLL_MS: '500' })).toMatchObject({
      maxUpdatesPerMinute: 12,
      reminderPollMs: 500,
    });
    const problems = problemsOf({ ...complete, HERALD_MAX_UPDATES_PER_MINUTE: 'six', HERALD_REMINDER_POLL_MS: '5' }).join('\n');
    expect(problems).toContain('HERALD_MAX_UPDATES_PER_MINUTE must be a whole number from 0 (no limit) to 1000');
    expect(problems).toContain('HERALD_REMINDER_POLL_MS must be a whole number of milliseconds from 100 to 3600000');
    expect(problemsOf({ ...complete, HERALD_MAX_UPDATES_PER_MINUTE: '-1' }).join('\n')).toContain('HERALD_MAX_UPDATES_PER_MINUTE');
  });

  it('turns a provider on only when its token is set', () => {
    const config = loadConfig({ ...complete, DEVHELM_API_TOKEN: 'dh_live_x', STATUSPAGE_API_URL: 'http://127.0.0.1:9/v1' });
    expect(config.providers.devhelm).toEqual({ token: 'dh_live_x', baseUrl: 'https://api.devhelm.io' });
    expect(config.providers.statuspage).toBeUndefined();
  });

  it('reads the optional DevHelm organisation and workspace', () => {
    const config = loadConfig({ ...complete, DEVHELM_API_TOKEN: 'dh_live_x', DEVHELM_ORG_ID: ' 42 ', DEVHELM_WORKSPACE_ID: '7' });
    expect(config.providers.devhelm).toMatchObject({ orgId: '42', workspaceId: '7' });
    const unset = loadConfig({ ...complete, DEVHELM_API_TOKEN: 'dh_live_x', DEVHELM_ORG_ID: '' });
    expect(unset.providers.devhelm?.orgId).toBeUndefined();
    expect(unset.providers.devhelm?.workspaceId).toBeUndefined();
  });

  it('needs no signing secret in Socket Mode', () => {
    const config = loadConfig({ ...complete, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(config.slack.appToken).toBe('xapp-1-abc');
  });

  it('lists every problem at once, naming the variables', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db' });
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'PORT',
      'DATABASE_URL',
      'LOG_LEVEL',
      'SLACK_SIGNING_SECRET',
      'No',
    ]);
    expect(problems.at(-1)).toMatch(/PAGERDUTY_API_TOKEN, DEVHELM_API_TOKEN, STATUSPAGE_API_TOKEN/);
  });

  it('never repeats a secret value in its error', () => {
    const env = {
      SLACK_BOT_TOKEN: 'not-a-bot-token-s3cr3t',
      SLACK_SIGNING_SECRET: 's3cr3t-signing',
      SLACK_APP_TOKEN: 'xoxp-s3cr3t-app',
      PAGERDUTY_API_TOKEN: 'pd',
      DATABASE_URL: 'mysql://user:s3cr3t@db',
    };
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(message).not.toMatch(/s3cr3t/);
  });
});
