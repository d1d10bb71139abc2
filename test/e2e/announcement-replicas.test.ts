import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { waitUntil } from '../support/wait-until.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Announcements across Herald processes (`node dist/main.js`, built by `npm test`) on one PostgreSQL database.
// Two replicas publish six updates between them, each announced once in the workspace's announcement channel.
// Both are then SIGKILLed with an announcement of every update left pending in a second channel, half of them
// still claimed by a process that is gone, as a crash mid-announcing leaves them. Two fresh processes start at
// once and race for the same rows: every update is announced exactly once in each channel.

jest.setTimeout(120_000);

const SIGNING_SECRET = 'announce-replicas-signing-secret';
const NEWS = { id: 'C0NEWS0001', name: 'announcements' };
const STATUS = { id: 'C0STATUS01', name: 'status-updates' };
const UPDATES = 6;

describe('announcements across Herald processes on one PostgreSQL', () => {
  let world: HeraldProcessWorld;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({
      signingSecret: SIGNING_SECRET,
      dataDirPrefix: 'herald-announce-replicas-',
      postgres: true,
      channels: [NEWS, STATUS],
    });
  });
  afterAll(() => world?.close());

  /** The announcements Slack accepted in `channelId` that quote update `i`. */
  const announced = (channelId: string, i: number) =>
    world.slack
      .callsOf('chat.postMessage')
      .filter(
        (call) =>
          call.args.channel === channelId &&
          (call.response as { ok?: boolean }).ok === true &&
          JSON.stringify(call.args).includes(`Replica update ${i}.`),
      ).length;
  const everyUpdate = Array.from({ length: UPDATES }, (_, i) => i + 1);

  it('announces each update once in each channel, however the processes start and die', async () => {
    const env = { HERALD_ANNOUNCE_CHANNELS: NEWS.id, HERALD_MAX_UPDATES_PER_MINUTE: '0' };
    const replicas = await Promise.all([world.start(env), world.start(env)]);
    const seed = world.pagerduty.seed!;
    for (const i of everyUpdate) {
      const driver = world.driverFor(replicas[i % 2]!.port);
      let view = await openUpdateForm(driver);
      view = await choosePost(driver, view, `incident:${seed.incidentPostId}`);
      const ack = await submitForm(driver, view, {
        [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
        [FORM_BLOCKS.severity]: seed.severities.incident.major!,
        [FORM_BLOCKS.message]: `Replica update ${i}.`,
      });
      expect(ack.response_action).toBe('update');
    }
    const output = () => replicas.map((replica) => replica.output()).join('\n');
    await waitUntil(() => everyUpdate.every((i) => announced(NEWS.id, i) === 1), 30_000, 'every update announced', output);

    for (const replica of replicas) replica.kill('SIGKILL');
    await Promise.all(replicas.map((replica) => replica.exited));
    const client = new pg.Client({ connectionString: world.database!.url });
    await client.connect();
    try {
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const { rowCount } = await client.query(
        `insert into announcements (submission_id, channel_id, state, message_ts, reason, lease_owner, lease_until, created_at, updated_at)
         select id, $1, 'pending', null, null,
                case when row_number() over (order by id) % 2 = 0 then $2 end,
                case when row_number() over (order by id) % 2 = 0 then $3 end,
                $4, $4
           from submissions where state = 'published' and channel_id = $5`,
        [STATUS.id, randomUUID(), later, now, FAKE_CHANNEL.id],
      );
      expect(rowCount).toBe(UPDATES);

      const survivors = await Promise.all([world.start(env), world.start(env)]);
      const survivorOutput = () => survivors.map((survivor) => survivor.output()).join('\n');
      await waitUntil(
        () => everyUpdate.every((i) => announced(STATUS.id, i) >= 1),
        30_000,
        'every pending announcement posted',
        survivorOutput,
      );
      // Both started at once and both looked: let any second post land before counting.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const i of everyUpdate) {
        expect([i, announced(NEWS.id, i), announced(STATUS.id, i)]).toEqual([i, 1, 1]);
      }
      const states = await client.query<{ state: string; count: string }>(
        'select state, count(*) as count from announcements group by state order by state',
      );
      expect(states.rows).toEqual([{ state: 'posted', count: String(UPDATES * 2) }]);
    } finally {
      await client.end();
    }
    expect(world.slack.violations).toEqual([]);
  });
});
