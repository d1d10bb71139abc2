import { randomFillSync, randomInt } from 'node:crypto';

// Identifiers shaped like Slack's own, so code that parses or logs them sees the real format.

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Random bytes drawn from a pool refilled 4 KB at a time: the fake mints several ids on every call, and a
// system call for each made the benchmark's load side, not the app under test, the limit.
const pool = Buffer.alloc(4096);
let taken = pool.length;

function randomText(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (taken + bytes > pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  taken += bytes;
  return pool.toString(encoding, taken - bytes, taken);
}

export const randomHex = (bytes: number): string => randomText(bytes, 'hex');
export const randomBase64url = (bytes: number): string => randomText(bytes, 'base64url');

export function slackId(prefix: string, length = 10): string {
  let id = prefix;
  while (id.length < length) id += ALNUM[randomInt(ALNUM.length)];
  return id;
}

/** Like `398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c`. */
export function triggerId(): string {
  return `${randomInt(1e11, 1e12)}.${randomInt(1e10, 1e11)}.${randomHex(16)}`;
}

/** Like `1569362015.55b5e41b`. */
export function viewHash(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${randomHex(4)}`;
}

/** Message timestamps are unique per channel; a counter keeps them strictly increasing. */
export function messageTsFactory(): (nowMs: number) => string {
  let last = 0;
  return (nowMs) => {
    const micros = Math.max(nowMs * 1000, last + 1);
    last = micros;
    const seconds = Math.floor(micros / 1e6);
    return `${seconds}.${String(micros % 1e6).padStart(6, '0')}`;
  };
}

/** Slack fills in missing block_ids and action_ids with short random strings. */
export function generatedBlockId(): string {
  return randomBase64url(3).slice(0, 4);
}
