import { openEngineStore, type EngineStore } from '../support/engine-store.js';
import type { TemplateStore } from '../../src/store/template-store.js';

// Each workspace's templates (migration 014): kept apart per workspace, seeded defaults once per key, and a
// deleted default never seeded again. The same on embedded SQLite and on PostgreSQL.

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const DEFAULTS = [
  { key: 'a', name: 'Alpha', stage: 'investigating', title: '{{ incident }}', body: 'Looking.' },
  { key: 'b', name: 'Beta', stage: 'resolved', title: null, body: 'Fixed.' },
];

describe.each(['sqlite', 'postgres'] as const)('template store on %s', (engine) => {
  let opened: EngineStore;
  let templates: TemplateStore;

  beforeAll(async () => {
    opened = await openEngineStore(engine, 'herald-templates-');
    templates = opened.stores.templates;
  });
  afterAll(async () => {
    await opened.close();
  });

  it('adds, reads, updates and deletes a workspace’s templates, never another’s', async () => {
    const added = await templates.add('T1', { name: 'Outage', stage: 'identified', title: null, body: 'We know.' }, at(0));
    expect(added).toMatchObject({ teamId: 'T1', name: 'Outage', stage: 'identified', title: null, body: 'We know.', defaultKey: null });
    expect(await templates.get('T1', added.id)).toEqual(added);
    expect(await templates.get('T2', added.id)).toBeNull();
    expect(await templates.update('T2', added.id, { name: 'Hijack', stage: 'resolved', title: null, body: 'x' }, at(1))).toBe(false);
    expect(await templates.delete('T2', added.id, at(1))).toBe(false);

    expect(
      await templates.update('T1', added.id, { name: 'Outage', stage: 'monitoring', title: 'T {{ page }}', body: 'Better.' }, at(2)),
    ).toBe(true);
    expect(await templates.get('T1', added.id)).toMatchObject({
      stage: 'monitoring',
      title: 'T {{ page }}',
      body: 'Better.',
      updatedAt: at(2),
    });
    expect(await templates.delete('T1', added.id, at(3))).toBe(true);
    expect(await templates.delete('T1', added.id, at(4))).toBe(false);
    expect(await templates.get('T1', added.id)).toBeNull();
    expect(await templates.update('T1', added.id, { name: 'Back', stage: 'resolved', title: null, body: 'x' }, at(5))).toBe(false);
    expect(await templates.list('T1')).toEqual([]);
  });

  it('seeds each default once per workspace, by name in the list, and a deleted default stays deleted', async () => {
    await templates.seedDefaults('T3', DEFAULTS, at(0));
    await templates.seedDefaults('T3', DEFAULTS, at(1));
    const seeded = await templates.list('T3');
    expect(seeded.map((template) => [template.name, template.defaultKey])).toEqual([
      ['Alpha', 'a'],
      ['Beta', 'b'],
    ]);
    await templates.delete('T3', seeded[0]!.id, at(2));
    // Seeding again, as the next listing does, and with a default a later release adds.
    await templates.seedDefaults('T3', [...DEFAULTS, { key: 'c', name: 'Gamma', stage: 'scheduled', title: null, body: 'Soon.' }], at(3));
    expect((await templates.list('T3')).map((template) => template.name)).toEqual(['Beta', 'Gamma']);
    // Another workspace gets its own copies.
    await templates.seedDefaults('T4', DEFAULTS, at(4));
    expect((await templates.list('T4')).map((template) => template.name)).toEqual(['Alpha', 'Beta']);
  });

  it('refuses a stage the templates do not know', async () => {
    const outcome = await templates.add('T5', { name: 'Odd', stage: 'sleeping', title: null, body: 'x' }, at(0)).then(
      () => 'stored',
      (error: unknown) => String(error),
    );
    expect(outcome).toMatch(/check/i);
    expect(await templates.list('T5')).toEqual([]);
  });
});
