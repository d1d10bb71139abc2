import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders } from '../../src/providers/configured-providers.js';
import { startReminders, type ReminderWorker } from '../../src/reminders/index.js';
import { openStore } from '../../src/store/open-store.js';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isReminder } from '../support/reminder-messages.js';
import { postedOk, publishDueIn15, reminderStateOf, startHandTickedReminders } from '../support/reminder-scenario.js';
import { startReminderWorkerChild } from '../support/reminder-worker-child.js';
import { waitUntil } from '../support/wait-until.js';

// A reminder worker that dies between claiming a reminder and posting it (here: SIGKILLed while the status
// page's timeline read hangs) must not lose the reminder: another worker posts it, exactly once, as soon as
// the dead one's claim is free. On SQLite that is when its lease runs out (the clock is moved, nobody waits);
// on PostgreSQL at once, since the dead process's owner lock went with it. And a worker that only stalled
// past its lease finds out before posting: the reminder is not posted twice.

const MINUTE = 60_000;
const LEASE_MS = MINUTE;

describe.each(['sqlite', 'postgres'] as const)('a reminder whose worker died before posting, on %s', (engine) => {
  let h: Harness;
  let now = Date.now();
  const clock = () => new Date(now);
  let worker: ReminderWorker;

  beforeAll(async () => {
    h = await startHarness({ clock, engine, channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
    // Ticked by hand: the test decides when the survivor looks.
    worker = startHandTickedReminders(h, clock, { leaseMs: LEASE_MS });
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
  });

  const remindersSince = (since: number) => h.slack.calls.slice(since).filter(isReminder);
  const timelineReadsSince = (since: number) =>
    h.pagerduty.calls.slice(since).filter((call) => call.operationId === 'listStatusPagePostUpdates');
  const stateOf = (id: string) => reminderStateOf(h, id);

  it('is posted exactly once by another worker after the first is SIGKILLed between claiming and posting', async () => {
    const id = await publishDueIn15(h, 'Crashed reminder');
    now += 15 * MINUTE;
    const since = h.slack.calls.length;
    const readsBefore = h.pagerduty.calls.length;
    // The dead worker's timeline read is never answered: it is killed while waiting for it, claim in hand.
    h.pagerduty.inject({ route: 'listPostUpdates', fault: { type: 'timeout-before' } });
    const child = startReminderWorkerChild(h.env, clock());
    await waitUntil(() => timelineReadsSince(readsBefore).length > 0, 20_000, 'the child worker reading the timeline', child.output);
    expect(await stateOf(id)).toBe('claimed');
    child.kill('SIGKILL');
    expect(await child.exited).toBeNull();
    expect(remindersSince(since)).toEqual([]);

    if (engine === 'sqlite') {
      // Its lease still runs: the reminder waits for it, not for ever.
      await worker.tick();
      expect(remindersSince(since)).toEqual([]);
      expect(await stateOf(id)).toBe('claimed');
      now += LEASE_MS + 1000;
    }
    // On PostgreSQL the dead process's owner lock went with its session: no wait at all.
    await worker.tick();
    const reminders = remindersSince(since);
    expect(reminders).toHaveLength(1);
    expect(postedOk(reminders[0]!)).toBe(true);
    expect(String(reminders[0]!.args.text)).toContain('Crashed reminder');
    expect(await stateOf(id)).toBe('sent');

    now += 10 * MINUTE;
    await worker.tick();
    await worker.tick();
    expect(remindersSince(since)).toHaveLength(1);
    expect(h.slack.violations).toEqual([]);
  }, 60_000);

  it('is not posted by a worker that stalled past its lease and was taken over meanwhile', async () => {
    const id = await publishDueIn15(h, 'Stalled reminder');
    now += 15 * MINUTE;
    const since = h.slack.calls.length;
    // A second store on the same database, as a sibling replica: alive, but its timeline read is slow.
    const stalledStore = await openStore({ databaseUrl: h.env.DATABASE_URL, dataDir: h.env.DATA_DIR! });
    const stalledCatalog = new ProviderCatalog(createConfiguredProviders(loadConfig(h.env), { timeoutMs: 20_000, retries: 0 }));
    const stalled = startReminders({
      ...stalledStore,
      catalog: stalledCatalog,
      client: h.botClient,
      logger: createLogger('silent'),
      clock,
      pollMs: 3_600_000,
      leaseMs: LEASE_MS,
      heartbeatMs: 3_600_000,
    });
    try {
      const readsBefore = h.pagerduty.calls.length;
      h.pagerduty.inject({ route: 'listPostUpdates', fault: { type: 'latency', ms: 2_500 } });
      const stalledTick = stalled.tick();
      await waitUntil(() => timelineReadsSince(readsBefore).length > 0, 10_000, 'the stalled worker reading the timeline');
      expect(await stateOf(id)).toBe('claimed');
      // Its lease runs out (no heartbeat got through); the survivor takes the reminder and posts it.
      now += LEASE_MS + 1000;
      await worker.tick();
      expect(remindersSince(since)).toHaveLength(1);
      // The stalled worker's read answers at last: it finds the claim is no longer its own and posts nothing.
      await stalledTick;
      expect(remindersSince(since)).toHaveLength(1);
      expect(await stateOf(id)).toBe('sent');
    } finally {
      await stalled.stop();
      await stalledStore.close();
    }
  }, 30_000);
});
