import { nextPacedStart, turnsInThisProcess } from '../../src/providers/request-turns.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';

// A status-page token's turns (src/providers/request-turns.ts, src/store/request-turns-store.ts): paced starts
// keep a rate with a burst allowance; exclusive turns keep requests apart; on PostgreSQL they hold across
// processes, and a process that dies holding one stalls nobody.

describe('paced starts (GCRA)', () => {
  const rate = { spacingMs: 100, burst: 3 };
  it('lets a burst start at once, then one a spacing', () => {
    let arrival: number | undefined;
    const starts = Array.from({ length: 5 }, () => {
      const next = nextPacedStart(arrival, 1_000, rate);
      arrival = next.arrival;
      return next.startAt;
    });
    expect(starts).toEqual([1_000, 1_000, 1_000, 1_100, 1_200]);
  });

  it('forgets an old burst once time has passed', () => {
    expect(nextPacedStart(500, 10_000, rate)).toEqual({ startAt: 10_000, arrival: 10_100 });
  });
});

describe('exclusive turns in one process', () => {
  it('keeps requests with one key a spacing apart, and keys apart from each other', async () => {
    const turns = turnsInThisProcess();
    const started: Record<string, number[]> = { a: [], b: [] };
    const run = (key: 'a' | 'b') => turns.exclusive(key, 200, async () => void started[key]!.push(Date.now()));
    const begin = Date.now();
    await Promise.all([run('a'), run('b'), run('a'), run('b')]);
    expect(started.a![0]! - begin).toBeLessThan(100);
    expect(started.b![0]! - begin).toBeLessThan(100);
    expect(started.a![1]! - started.a![0]!).toBeGreaterThanOrEqual(195);
    expect(started.b![1]! - started.b![0]!).toBeGreaterThanOrEqual(195);
  });
});

describe('turns shared by two processes on PostgreSQL', () => {
  let first: EngineStore;
  beforeAll(async () => {
    first = await openEngineStore('postgres', 'herald-turns-');
  });
  afterAll(() => first?.close());

  it('keeps two processes’ requests with one key a spacing apart', async () => {
    const other = await first.openAnother();
    const ends: number[] = [];
    const starts: number[] = [];
    const request = async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
      ends.push(Date.now());
    };
    await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? other : first.stores).requestTurns.exclusive('shared-key', 300, request)));
    const order = [...starts].sort((a, b) => a - b);
    const ended = [...ends].sort((a, b) => a - b);
    for (let i = 1; i < order.length; i += 1) expect(order[i]! - ended[i - 1]!).toBeGreaterThanOrEqual(290);
  });

  it('does not stall the others when the process holding a turn dies', async () => {
    const doomed = await first.openAnother();
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // The doomed process takes the turn and never finishes its request.
    void doomed.requestTurns.exclusive('orphaned-key', 100, async () => {
      holding();
      await new Promise(() => undefined);
    });
    await held;
    await doomed.close(); // its owner lock goes with its session, as with a killed process
    const started = Date.now();
    await first.stores.requestTurns.exclusive('orphaned-key', 100, async () => undefined);
    expect(Date.now() - started).toBeLessThan(2_000); // not the two-minute lease
  });
});
