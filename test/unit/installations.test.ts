import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../src/config.js';
import { allowedTeams } from '../../src/slack/installations/allowed-teams.js';
import { BOT_SCOPES } from '../../src/slack/installations/bot-scopes.js';
import { notInstalledResponse } from '../../src/slack/installations/not-installed-guard.js';
import { scrubberOf } from '../../src/slack/installations/scrub-secrets.js';
import { createTokenCipher, UnsealError } from '../../src/slack/installations/token-cipher.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import type { Stores } from '../../src/store/stores.js';

// Multi-workspace OAuth below the app: the token cipher, the installation rows on both engines, the
// configuration rules, and the manifest asking for the scopes the installer asks for.

const KEY = Buffer.alloc(32, 1);

describe('token cipher', () => {
  const cipher = createTokenCipher(KEY);
  it('round-trips, never shows the plaintext, and differs each time', () => {
    const a = cipher.seal('xoxb-secret-token');
    expect(a).not.toContain('xoxb');
    expect(cipher.seal('xoxb-secret-token')).not.toBe(a);
    expect(cipher.open(a)).toBe('xoxb-secret-token');
  });
  it('tells another key apart from damage', () => {
    const sealed = cipher.seal('xoxb-secret-token');
    expect(() => createTokenCipher(Buffer.alloc(32, 2)).open(sealed)).toThrow(new UnsealError('other-key'));
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow(new UnsealError('damaged'));
    expect(() => cipher.open('not sealed')).toThrow(new UnsealError('damaged'));
  });
  it('opens only with a whole 16-byte tag and a 12-byte IV', () => {
    const parts = cipher.seal('xoxb-secret-token').split('.');
    // GCM would check a 4-byte tag as happily as a 16-byte one: far easier to forge.
    const truncated = [...parts];
    truncated[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.open(truncated.join('.'))).toThrow(new UnsealError('damaged'));
    const longIv = [...parts];
    longIv[2] = Buffer.concat([Buffer.from(parts[2]!, 'base64url'), Buffer.alloc(4)]).toString('base64url');
    expect(() => cipher.open(longIv.join('.'))).toThrow(new UnsealError('damaged'));
    expect(cipher.open(parts.join('.'))).toBe('xoxb-secret-token');
  });
});

describe("scrubbing secrets from the installer's log lines", () => {
  const scrub = scrubberOf(['client-s3cret', '']);
  it('replaces them in text, and keeps an error an error, stack and fields included', () => {
    expect(scrub('client_secret=client-s3cret&code=1')).toBe('client_secret=[redacted]&code=1');
    const error = Object.assign(new TypeError('refused client-s3cret'), {
      code: 'slack_oauth_x',
      data: { body: 'client_secret=client-s3cret' },
    });
    const scrubbed = scrub(error) as TypeError & { code: string; data: { body: string } };
    expect(scrubbed).toBeInstanceOf(TypeError);
    expect(scrubbed.message).toBe('refused [redacted]');
    expect(scrubbed.stack).toContain('refused [redacted]');
    expect(scrubbed.stack).toContain('installations.test');
    expect(scrubbed.stack).not.toContain('client-s3cret');
    expect(scrubbed).toMatchObject({ code: 'slack_oauth_x', data: { body: 'client_secret=[redacted]' } });
    expect(error.message).toBe('refused client-s3cret'); // the caller's error is left alone
  });
  it('keeps objects objects, scrubs their text at any reasonable depth, and survives cycles', () => {
    expect(scrub({ a: 1, b: ['client-s3cret', null], c: { d: 'x client-s3cret' } })).toEqual({
      a: 1,
      b: ['[redacted]', null],
      c: { d: 'x [redacted]' },
    });
    const cycle: Record<string, unknown> = { secret: 'client-s3cret' };
    cycle.self = cycle;
    expect(JSON.stringify(scrub(cycle))).not.toContain('client-s3cret');
    const when = new Date(0);
    expect(scrub(when)).toBe(when);
  });
});

describe('answers to a workspace Herald holds no token for', () => {
  it('puts the message under the first input of any modal, or replaces a modal that has none', () => {
    const modal = (blocks: unknown[]) => ({ type: 'view_submission', view: { callback_id: 'anything', blocks } });
    expect(
      notInstalledResponse(
        modal([{ type: 'section' }, { type: 'input', block_id: 'first' }, { type: 'input', block_id: 'second' }]),
        'Not installed.',
      ),
    ).toEqual({
      response_action: 'errors',
      errors: { first: 'Not installed. Copy your text before closing this.' },
    });
    expect(notInstalledResponse(modal([{ type: 'section' }]), 'Not installed.')).toMatchObject({
      response_action: 'update',
      view: { type: 'modal', blocks: [{ text: { text: 'Not installed.' } }] },
    });
  });
});

describe('HERALD_ALLOWED_TEAMS', () => {
  it('lets in only the listed workspaces, or any with *', () => {
    const listed = allowedTeams(['T1', 'T2']);
    expect(listed.allows({ teamId: 'T2', enterpriseId: null, isEnterpriseInstall: false })).toBe(true);
    expect(listed.allows({ teamId: 'T3', enterpriseId: null, isEnterpriseInstall: false })).toBe(false);
    expect(listed.allows({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true })).toBe(false);
    expect(allowedTeams('any').allows({ teamId: 'T3', enterpriseId: null, isEnterpriseInstall: false })).toBe(true);
    // An org-wide install is refused even when any workspace may install (docs/workflow-steps.md).
    expect(allowedTeams('any').allows({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true })).toBe(false);
  });
});

describe('OAuth configuration', () => {
  const base = { SLACK_SIGNING_SECRET: 's', PAGERDUTY_API_TOKEN: 'pd' };
  const oauth = {
    SLACK_CLIENT_ID: '1.2',
    SLACK_CLIENT_SECRET: 'client-s3cret',
    SLACK_STATE_SECRET: 'state-s3cret',
    HERALD_ENCRYPTION_KEY: KEY.toString('base64'),
    HERALD_ALLOWED_TEAMS: 'T0ACME01',
  };
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('needs no SLACK_BOT_TOKEN with OAuth, and decodes the key (base64 or hex)', () => {
    const config = loadConfig({ ...base, ...oauth, HERALD_PUBLIC_URL: 'https://herald.example.com/' });
    expect(config.slack.botToken).toBeUndefined();
    expect(config.slack.oauth).toMatchObject({ clientId: '1.2', publicUrl: 'https://herald.example.com' });
    expect(config.slack.oauth?.encryptionKey.equals(KEY)).toBe(true);
    expect(loadConfig({ ...base, ...oauth, HERALD_ENCRYPTION_KEY: KEY.toString('hex') }).slack.oauth?.encryptionKey.equals(KEY)).toBe(true);
  });

  it('needs HERALD_ALLOWED_TEAMS with OAuth: team ids, or * spelled out', () => {
    expect(loadConfig({ ...base, ...oauth, HERALD_ALLOWED_TEAMS: ' t0acme01, T0GLOBEX1 ,T0ACME01' }).slack.oauth?.allowedTeams).toEqual([
      'T0ACME01',
      'T0GLOBEX1',
    ]);
    expect(loadConfig({ ...base, ...oauth, HERALD_ALLOWED_TEAMS: '*' }).slack.oauth?.allowedTeams).toBe('any');
    expect(problems({ ...base, ...oauth, HERALD_ALLOWED_TEAMS: undefined })).toContain(
      'HERALD_ALLOWED_TEAMS is missing: OAuth (SLACK_CLIENT_ID) needs it (the Slack team ids (T…) of the workspaces that may install Herald',
    );
    expect(problems({ ...base, ...oauth, HERALD_ALLOWED_TEAMS: 'acme.slack.com' })).toContain(
      'HERALD_ALLOWED_TEAMS must list Slack team ids',
    );
    expect(problems({ ...base, ...oauth, HERALD_ALLOWED_TEAMS: ' , ' })).toContain('HERALD_ALLOWED_TEAMS must list Slack team ids');
    expect(problems({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', HERALD_ALLOWED_TEAMS: '*' })).toContain(
      'HERALD_ALLOWED_TEAMS is set but SLACK_CLIENT_ID is not',
    );
  });

  it('says what is missing or wrong, without repeating a value', () => {
    expect(problems({ ...base, SLACK_CLIENT_ID: '1.2' })).toMatch(
      /SLACK_CLIENT_SECRET is missing[\s\S]*SLACK_STATE_SECRET is missing[\s\S]*HERALD_ENCRYPTION_KEY is missing/,
    );
    const short = problems({ ...base, ...oauth, HERALD_ENCRYPTION_KEY: 'c2hvcnQta2V5' });
    expect(short).toContain('HERALD_ENCRYPTION_KEY must be 32 random bytes');
    expect(short).not.toContain('c2hvcnQta2V5');
    expect(problems({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', HERALD_ENCRYPTION_KEY: oauth.HERALD_ENCRYPTION_KEY })).toContain(
      'HERALD_ENCRYPTION_KEY is set but SLACK_CLIENT_ID is not',
    );
    expect(problems(base)).toContain('SLACK_BOT_TOKEN is missing');
  });
});

describe('bot scopes', () => {
  it("are the manifest's", () => {
    const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const bot = /oauth_config:[\s\S]*?bot:\n((?:\s+(?:#.*|- .*)\n)+)/.exec(manifest)?.[1] ?? '';
    const scopes = [...bot.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]);
    expect([...BOT_SCOPES].sort()).toEqual(scopes.sort());
  });
});

describe.each(['sqlite', 'postgres'] as const)('installation store on %s', (engine) => {
  let opened: EngineStore;
  let store: Stores;
  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-installations-');
    store = opened.stores;
  });
  afterAll(() => opened.close());

  it('saves, replaces (keeping when it was first installed), lists and deletes per workspace', async () => {
    const installations = store.installations;
    const owner = { teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false };
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    const t1 = new Date('2026-03-02T10:00:00.000Z');
    await installations.saveInstallation({ ...owner, botUserId: 'U1', sealedInstallation: 'sealed-1' }, t0);
    await installations.saveInstallation({ ...owner, botUserId: 'U1', sealedInstallation: 'sealed-2' }, t1);
    await installations.saveInstallation(
      { teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true, botUserId: 'U2', sealedInstallation: 'sealed-org' },
      t1,
    );
    expect(await installations.getInstallation(owner)).toEqual({
      ...owner,
      botUserId: 'U1',
      sealedInstallation: 'sealed-2',
      installedAt: t0,
      updatedAt: t1,
    });
    expect((await installations.listInstallations()).map((row) => row.sealedInstallation)).toEqual(['sealed-2', 'sealed-org']);
    expect(await installations.deleteInstallation(owner)).toBe(true);
    expect(await installations.deleteInstallation(owner)).toBe(false);
    expect(await installations.getInstallation(owner)).toBeNull();
    expect((await installations.getInstallation({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true }))?.sealedInstallation).toBe(
      'sealed-org',
    );
  });
});
