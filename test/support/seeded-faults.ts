import type { FakeFault } from '../fakes/fake-pagerduty.js';

// The faults the fault-injection suites throw at a fake provider, and how each request's fault is drawn from a
// seed: a function of the seed and the parts named (the operation, the post or tag, how many came before), so a
// seed replays the same faults whatever order concurrent submissions run in.

export interface NamedFault {
  name: string;
  /** Relative weight among the faults and NO_FAULT_WEIGHT. */
  weight: number;
  fault: FakeFault;
}

/** Every way a provider answers badly: status codes (with and without Retry-After), timeouts, resets, garbage. */
export const PROVIDER_FAULTS: readonly NamedFault[] = [
  { name: '500', weight: 5, fault: { status: 500 } },
  { name: '502', weight: 4, fault: { status: 502 } },
  { name: '503 Retry-After', weight: 4, fault: { status: 503, headers: { 'retry-after': '1' } } },
  { name: '429 Retry-After', weight: 3, fault: { status: 429, headers: { 'retry-after': '1' } } },
  { name: '429 ratelimit-reset', weight: 2, fault: { status: 429, headers: { 'ratelimit-reset': '1' } } },
  { name: '420', weight: 3, fault: { status: 420, headers: { 'ratelimit-reset': '1' } } },
  { name: 'timeout before', weight: 3, fault: { type: 'timeout-before' } },
  { name: 'timeout after', weight: 4, fault: { type: 'timeout' } },
  { name: 'reset before', weight: 4, fault: { type: 'reset-before' } },
  { name: 'reset after', weight: 4, fault: { type: 'reset-after' } },
  { name: 'garbage', weight: 5, fault: { type: 'garbage' } },
];

/** A number in [0, 1) from the seed and the parts: FNV-1a, then mulberry32's mixing. */
export function chance(...parts: Array<string | number>): number {
  let h = 2166136261;
  for (const char of parts.join('|')) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The fault a roll in [0, 1) lands on, or undefined for none (`noFaultWeight` against the faults' weights). */
export function pickFault<F extends NamedFault>(faults: readonly F[], noFaultWeight: number, roll: number): F | undefined {
  let point = roll * (noFaultWeight + faults.reduce((sum, fault) => sum + fault.weight, 0)) - noFaultWeight;
  for (const fault of faults) {
    if (point < 0) return undefined;
    point -= fault.weight;
    if (point < 0) return fault;
  }
  return undefined;
}
