import { fillFromTemplate, listTemplates, previewTemplate, saveTemplate, deleteTemplate } from '../../src/templates/manage-templates.js';
import { DEFAULT_TEMPLATES } from '../../src/templates/default-templates.js';
import { TEMPLATES_PER_WORKSPACE_MAX } from '../../src/templates/template.js';
import { openEngineStore, type EngineStore } from '../support/engine-store.js';

// The template use cases on a real (SQLite) store: what the template modal calls, and fillFromTemplate, which
// the update and create forms call when a template is chosen.

const NOW = new Date('2026-03-02T14:00:00.000Z');

describe('template use cases', () => {
  let opened: EngineStore;
  const deps = () => ({ templates: opened.stores.templates, clock: () => NOW });

  beforeAll(async () => {
    opened = await openEngineStore('sqlite', 'herald-template-use-cases-');
  });
  afterAll(async () => {
    await opened.close();
  });

  it('fills a form from a template: the message for this incident, its title and the stage to set', async () => {
    const saved = await saveTemplate(deps(), 'T1', null, {
      name: 'Payments',
      stage: 'monitoring',
      title: '{{ incident }} on {{ page }}',
      body: '{{ status }}: {{ components }}. Next update {{ next_update.relative }}, {{ next_update | in_zone: "Asia/Tokyo" }}. <@U1> {{ author }}',
    });
    if (saved.kind !== 'saved') throw new Error(`not saved: ${JSON.stringify(saved)}`);
    const incident = {
      title: 'Card payments failing',
      page: 'Shop status',
      status: 'Monitoring',
      components: [{ name: 'Payments', status: 'degraded_performance' }],
      nextUpdateAt: new Date('2026-03-02T15:00:00.000Z'),
      author: 'Kim',
    };
    // PagerDuty's statuses: opaque ids, the stage in the description.
    const statuses = [
      { id: 'P0400H1', label: 'investigating' },
      { id: 'P0400H3', label: 'Monitoring' },
    ];
    expect(await fillFromTemplate(deps(), 'T1', saved.template.id, incident, statuses)).toEqual({
      title: 'Card payments failing on Shop status',
      message: 'Monitoring: Payments (degraded performance). Next update in 1 hour, Tue 3 Mar, 00:00 GMT+9. @U1> Kim',
      stage: 'monitoring',
      status: { id: 'P0400H3', label: 'Monitoring' },
    });
    expect((await fillFromTemplate(deps(), 'T1', saved.template.id, incident, [{ id: 'x', label: 'Resolved' }]))?.status).toBeNull();
    // Another workspace's id, or a deleted template: nothing to fill.
    expect(await fillFromTemplate(deps(), 'T2', saved.template.id, incident)).toBeNull();
    expect(await deleteTemplate(deps(), 'T1', saved.template.id)).toBe(true);
    expect(await fillFromTemplate(deps(), 'T1', saved.template.id, incident)).toBeNull();
  });

  it('lists the defaults with the workspace’s own templates, and keeps a workspace under its maximum', async () => {
    const listed = await listTemplates(deps(), 'T3');
    expect(listed).toHaveLength(DEFAULT_TEMPLATES.length);
    for (let index = listed.length; index < TEMPLATES_PER_WORKSPACE_MAX; index += 1) {
      const outcome = await saveTemplate(deps(), 'T3', null, { name: `Extra ${index}`, stage: 'resolved', title: null, body: 'Done.' });
      expect(outcome.kind).toBe('saved');
    }
    expect(await saveTemplate(deps(), 'T3', null, { name: 'One too many', stage: 'resolved', title: null, body: 'Done.' })).toEqual({
      kind: 'invalid',
      problems: { name: `A workspace keeps at most ${TEMPLATES_PER_WORKSPACE_MAX} templates: delete one first.` },
    });
  });

  it('says an edited template is gone when it was deleted meanwhile', async () => {
    const [first] = await listTemplates(deps(), 'T4');
    await deleteTemplate(deps(), 'T4', first!.id);
    expect(await saveTemplate(deps(), 'T4', first!.id, { name: 'Back', stage: 'resolved', title: null, body: 'Done.' })).toEqual({
      kind: 'gone',
    });
  });

  it('previews what is typed, or says what keeps it from being saved', () => {
    expect(previewTemplate({ name: null, stage: null, title: null, body: 'Hi {{ author }}' }, NOW)).toEqual({
      kind: 'rendered',
      title: null,
      message: 'Hi Alex Doe',
    });
    // The sample is at the template's stage: a resolved incident has no next update.
    const body = '{{ status }}.{% if next_update %} Next {{ next_update.relative }}.{% endif %}';
    expect(previewTemplate({ name: null, stage: 'in_progress', title: null, body }, NOW)).toMatchObject({
      message: 'In progress. Next in 30 minutes.',
    });
    expect(previewTemplate({ name: null, stage: 'resolved', title: null, body }, NOW)).toMatchObject({ message: 'Resolved.' });
    expect(previewTemplate({ name: 'x', stage: 'resolved', title: '{{ nope }}', body: '{% if %}' }, NOW)).toEqual({
      kind: 'invalid',
      problems: {
        title: 'Line 1: unknown variable `nope` (the variables are incident, page, status, components, next_update, author)',
        body: expect.stringMatching(/^Line 1: /),
      },
    });
  });
});
