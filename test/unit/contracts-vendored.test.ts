import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// The contracts are vendored into test/contracts so the suite runs without ../shared; where the
// shared folder exists, the copies must not have drifted from it.

const vendored = fileURLToPath(new URL('../contracts/', import.meta.url));
const shared = fileURLToPath(new URL('../../../shared/contracts/', import.meta.url));
const NAMES = ['pagerduty.openapi.json', 'devhelm.openapi.json', 'statuspage.openapi.json'];

describe('vendored provider contracts', () => {
  it('are all present', () => {
    expect(
      readdirSync(vendored)
        .filter((name) => name.endsWith('.openapi.json'))
        .sort(),
    ).toEqual([...NAMES].sort());
  });

  it('equal ../shared/contracts byte for byte, when that folder exists', () => {
    if (!existsSync(shared)) {
      console.log(`${shared} does not exist here: the vendored contracts were not compared.`);
      return;
    }
    const digests = (folder: string) => NAMES.map((name) => `${name} ${sha256(readFileSync(`${folder}${name}`))}`);
    expect(digests(vendored)).toEqual(digests(shared));
  });
});

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
