import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';
import { BOT_SCOPES } from '../../src/slack/installations/bot-scopes.js';
import { createTokenCipher, UnsealError } from '../../src/slack/installations/token-cipher.js';
import { installationStoreFor } from '../../src/store/installation-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';

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
});

describe('OAuth configuration', () => {
  const base = { SLACK_SIGNING_SECRET: 's', PAGERDUTY_API_TOKEN: 'pd' };
  const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'client-s3cret', SLACK_STATE_SECRET: 'state-s3cret', HERALD_ENCRYPTION_KEY: KEY.toString('base64') };
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

  it('says what is missing or wrong, without repeating a value', () => {
    expect(problems({ ...base, SLACK_CLIENT_ID: '1.2' })).toMatch(/SLACK_CLIENT_SECRET is missing[\s\S]*SLACK_STATE_SECRET is missing[\s\S]*HERALD_ENCRYPTION_KEY is missing/);
    const short = problems({ ...base, ...oauth, HERALD_ENCRYPTION_KEY: 'c2hvcnQta2V5' });
    expect(short).toContain('HERALD_ENCRYPTION_KEY must be 32 random bytes');
    expect(short).not.toContain('c2hvcnQta2V5');
    expect(problems({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', HERALD_ENCRYPTION_KEY: oauth.HERALD_ENCRYPTION_KEY })).toContain('HERALD_ENCRYPTION_KEY is set but SLACK_CLIENT_ID is not');
    expect(problems(base)).toContain('SLACK_BOT_TOKEN is missing');
  });
});

describe('bot scopes', () => {
  it('are the manifest\'s', () => {
    const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const bot = /oauth_config:[\s\S]*?bot:\n((?:\s+(?:#.*|- .*)\n)+)/.exec(manifest)?.[1] ?? '';
    const scopes = [...bot.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]);
    expect([...BOT_SCOPES].sort()).toEqual(scopes.sort());
  });
});

describe.each(['sqlite', 'postgres'] as const)('installation store on %s', (engine) => {
  let store: Store;
  let dataDir: string;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-installations-'));
    if (engine === 'postgres') database = await createTestDatabase();
    store = await openStore({ dataDir, databaseUrl: database?.url });
  });
  afterAll(async () => {
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves, replaces (keeping when it was first installed), lists and deletes per workspace', async () => {
    const installations = installationStoreFor(store);
    const owner = { teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false };
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    const t1 = new Date('2026-03-02T10:00:00.000Z');
    await installations.saveInstallation({ ...owner, botUserId: 'U1', sealedInstallation: 'sealed-1' }, t0);
    await installations.saveInstallation({ ...owner, botUserId: 'U1', sealedInstallation: 'sealed-2' }, t1);
    await installations.saveInstallation({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true, botUserId: 'U2', sealedInstallation: 'sealed-org' }, t1);
    expect(await installations.getInstallation(owner)).toEqual({ ...owner, botUserId: 'U1', sealedInstallation: 'sealed-2', installedAt: t0, updatedAt: t1 });
    expect((await installations.listInstallations()).map((row) => row.sealedInstallation)).toEqual(['sealed-2', 'sealed-org']);
    expect(await installations.deleteInstallation(owner)).toBe(true);
    expect(await installations.deleteInstallation(owner)).toBe(false);
    expect(await installations.getInstallation(owner)).toBeNull();
    expect((await installations.getInstallation({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true }))?.sealedInstallation).toBe('sealed-org');
  });
});
