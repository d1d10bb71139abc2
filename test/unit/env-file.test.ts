import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadEnvFile, PLACEHOLDERS, placeholdersInPlace } from '../../src/env-file.js';

describe('.env, read by Herald itself', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-env-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes each value as written (no shell in between), and never overrides what the environment already says', async () => {
    await writeFile(
      join(dir, '.env'),
      '# a comment\nHERALD_TEST_PUBLISHERS=@incident-commanders, @sre\nHERALD_TEST_QUOTED="a $HOME; b"\nHERALD_TEST_ALREADY_SET=from-file\n',
    );
    const env: NodeJS.ProcessEnv = { HERALD_TEST_ALREADY_SET: 'from-environment' };
    expect(loadEnvFile(dir, env)).toEqual({ path: join(dir, '.env') });
    expect(env).toEqual({
      HERALD_TEST_PUBLISHERS: '@incident-commanders, @sre',
      HERALD_TEST_QUOTED: 'a $HOME; b',
      HERALD_TEST_ALREADY_SET: 'from-environment',
    });
  });

  it('is optional', () => {
    expect(loadEnvFile(dir, {})).toEqual({ path: undefined });
  });
});

describe('placeholders from .env.example', () => {
  const example = readFileSync(join(process.cwd(), '.env.example'), 'utf8');

  it('knows every sample value .env.example ships with', () => {
    for (const [name, sample] of Object.entries(PLACEHOLDERS)) expect(example).toMatch(new RegExp(`^(# )?${name}=${sample}$`, 'm'));
    // Every active line with a value in .env.example is a placeholder Herald recognises.
    const active = Object.entries(parseEnv(example)).filter(([, value]) => value !== '');
    expect(active.length).toBeGreaterThan(0);
    for (const [name, value] of active) expect(PLACEHOLDERS[name]).toBe(value);
  });

  it('names the variables still holding one, and only those', () => {
    expect(placeholdersInPlace(parseEnv(example))).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    expect(placeholdersInPlace({ SLACK_BOT_TOKEN: 'xoxb-123-456-real', SLACK_SIGNING_SECRET: 'your-signing-secret' })).toEqual([
      'SLACK_SIGNING_SECRET',
    ]);
  });
});
