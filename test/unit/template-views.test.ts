import { buildTemplateDeleteView } from '../../src/slack/templates/template-delete-view.js';
import { buildTemplateFormView } from '../../src/slack/templates/template-form-view.js';
import { buildTemplateListView } from '../../src/slack/templates/template-list-view.js';
import { TEMPLATES_PER_WORKSPACE_MAX, type Template } from '../../src/templates/template.js';
import { modalViewProblems } from '../fakes/slack/view-rules.js';

// The template modals stay views Slack accepts at their largest (every template a workspace may keep, every
// field at its longest, a preview of a whole message), and what people typed never becomes Slack syntax in them.

const template = (index: number): Template => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  name: `<!channel> & <@U1> ${'n'.repeat(60)}`.slice(0, 60),
  stage: 'in_progress',
  title: '{{ incident }}',
  body: `\n  <!here> ${'b'.repeat(3000)}`.slice(0, 3000),
  defaultKey: index === 0 ? 'incident-investigating' : null,
  updatedAt: new Date('2026-03-02T14:00:00.000Z'),
});

describe('template modals', () => {
  it('list every template a workspace may keep, within Slack’s limits and with names escaped', () => {
    const view = buildTemplateListView(Array.from({ length: TEMPLATES_PER_WORKSPACE_MAX }, (_unused, index) => template(index)));
    expect(modalViewProblems(view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).not.toMatch(/<[!@]/);
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('show a form at its longest, with a whole message previewed, within Slack’s limits', () => {
    const longest = template(1);
    const view = buildTemplateFormView({
      metadata: { templateId: longest.id, listViewId: 'V0123456789' },
      values: { name: longest.name, stage: longest.stage, title: 'x'.repeat(200), body: longest.body },
      preview: { kind: 'rendered', title: 't'.repeat(255), message: 'm'.repeat(3000) },
    });
    expect(modalViewProblems(view)).toEqual([]);
    // A forged preview carrying values over the limits still makes a view Slack accepts.
    const forged = buildTemplateFormView({
      metadata: { templateId: null, listViewId: null },
      values: { name: 'n'.repeat(5000), stage: 'bogus', title: 'x'.repeat(5000), body: 'b'.repeat(50_000) },
      preview: { kind: 'invalid', problems: { title: 'p'.repeat(4000), body: 'q'.repeat(4000) } },
    });
    expect(modalViewProblems(forged)).toEqual([]);
  });

  it('ask before deleting, escaping the name', () => {
    const view = buildTemplateDeleteView(template(0), { templateId: template(0).id, listViewId: null });
    expect(modalViewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(view.blocks)).toContain('it will not come back');
  });
});
