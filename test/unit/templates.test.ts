import { DEFAULT_TEMPLATES } from '../../src/templates/default-templates.js';
import { renderTemplate } from '../../src/templates/render-template.js';
import { containsSlackSyntax, neutraliseSlackSyntax } from '../../src/templates/slack-syntax.js';
import { statusForStage } from '../../src/templates/stage-status.js';
import type { TemplateDraft } from '../../src/templates/template.js';
import { sampleIncident, type TemplateIncident } from '../../src/templates/template-incident.js';
import { TEMPLATE_STAGES } from '../../src/templates/template-stages.js';
import { validateTemplate, type TemplateInput } from '../../src/templates/validate-template.js';

// Templates: what may be saved (with the line and the name of what may not), what they render to for an
// incident, and the defaults Herald ships.

const NOW = new Date('2026-03-02T14:00:00.000Z');

const input = (body: string, extra: Partial<TemplateInput> = {}): TemplateInput => ({
  name: 'Outage',
  stage: 'identified',
  title: null,
  body,
  ...extra,
});

function problemsOf(result: ReturnType<typeof validateTemplate>) {
  if (result.ok) throw new Error('expected the template to be refused');
  return result.problems;
}

const incident: TemplateIncident = {
  title: 'Payments failing',
  page: 'Acme Status',
  status: 'Identified',
  components: [
    { name: 'Payments API', status: 'major_outage' },
    { name: 'Dashboard', status: 'Degraded performance' },
  ],
  nextUpdateAt: new Date('2026-03-02T14:30:00.000Z'),
  author: 'Sam Lee',
};

const draft = (body: string, title: string | null = null): TemplateDraft => ({ name: 'T', stage: 'identified', title, body });

describe('saving a template', () => {
  it('accepts every variable, their parts and the in_zone filter', () => {
    const body = [
      '{{ incident }} on {{ page }} is {{ status | downcase }}.',
      '{% if components != empty %}Affected: {{ components }}{% endif %}',
      'Next: {{ next_update }} / {{ next_update.relative }} / {{ next_update.absolute }} / {{ next_update | in_zone: "America/New_York" }}',
      '{% for word in incident | split: " " %}{{ word }}{% endfor %} — {{ author }}',
    ].join('\n');
    const result = validateTemplate(input(body, { title: '{{ incident }} ({{ page }})' }), NOW, []);
    expect(result).toEqual({
      ok: true,
      draft: { name: 'Outage', stage: 'identified', title: '{{ incident }} ({{ page }})', body },
    });
  });

  it('refuses an unknown variable, naming it and its line, even in a branch the sample never takes', () => {
    const problems = problemsOf(validateTemplate(input('Hello\n{% if false %}\n  {{ incidnt }}\n{% endif %}'), NOW, []));
    expect(problems).toEqual({
      body: 'Line 3: unknown variable `incidnt` (the variables are incident, page, status, components, next_update, author)',
    });
  });

  it('refuses an unknown variable in the title, apart from the body', () => {
    const problems = problemsOf(validateTemplate(input('Fine.', { title: '{{ customer }} down' }), NOW, []));
    expect(Object.keys(problems)).toEqual(['title']);
    expect(problems.title).toMatch(/^Line 1: unknown variable `customer`/);
  });

  it('refuses a syntax error with its line', () => {
    expect(problemsOf(validateTemplate(input('One\nTwo {{ incident '), NOW, [])).body).toBe('Line 2: output "{{ incident " not closed');
    expect(problemsOf(validateTemplate(input('One\n\n{% if status %}open'), NOW, [])).body).toBe('Line 3: tag {% if status %} not closed');
  });

  it('refuses an unknown filter, an unknown property and an unknown time zone, each with its line', () => {
    expect(problemsOf(validateTemplate(input('a\n{{ incident | shout }}'), NOW, [])).body).toBe('Line 2: unknown filter: shout');
    expect(problemsOf(validateTemplate(input('{{ next_update.when }}'), NOW, [])).body).toBe(
      'Line 1: unknown variable or property: next_update.when',
    );
    expect(problemsOf(validateTemplate(input('\n\n{{ next_update | in_zone: "Mars/Olympus" }}'), NOW, [])).body).toBe(
      'Line 3: unknown time zone "Mars/Olympus" (use a name like "Europe/Paris")',
    );
  });

  it('refuses templates that read files, and properties of the JavaScript behind a value', () => {
    expect(problemsOf(validateTemplate(input('{% include "secrets" %}'), NOW, [])).body).toMatch(/^Line 1: /);
    expect(problemsOf(validateTemplate(input('{{ incident.constructor }}'), NOW, [])).body).toMatch(
      /^Line 1: unknown variable or property/,
    );
    // next_update's parts are relative and absolute; the instant behind them is not one.
    expect(problemsOf(validateTemplate(input('{{ next_update.at }}'), NOW, [])).body).toBe(
      'Line 1: unknown variable or property: next_update.at',
    );
    expect(problemsOf(validateTemplate(input('{{ next_update.valueOf }}'), NOW, [])).body).toMatch(/^Line 1: unknown variable or property/);
  });

  it('refuses a template that renders for too long or builds too much, instead of hanging on it', () => {
    const nested = '{% for i in (1..1000) %}{% for j in (1..1000) %}{{ incident }}{% endfor %}{% endfor %}';
    expect(problemsOf(validateTemplate(input(nested), NOW, [])).body).toBe('Line 1: template render limit exceeded');
    const doubling = '{% assign a = "xxxxxxxxxx" %}{% for i in (1..30) %}{% assign a = a | append: a %}{% endfor %}{{ a | size }}';
    expect(problemsOf(validateTemplate(input(doubling), NOW, [])).body).toBe('Line 1: memory alloc limit exceeded');
  });

  it('needs a name no other template has, a stage and a message', () => {
    const problems = problemsOf(validateTemplate({ name: ' outage ', stage: 'sleeping', title: null, body: '  ' }, NOW, ['Outage']));
    expect(problems).toEqual({
      name: 'Another template has this name. Choose another one.',
      stage: 'Choose the stage this template is for.',
      body: 'Write the message the template fills in.',
    });
    expect(problemsOf(validateTemplate(input('x'.repeat(3001)), NOW, [])).body).toMatch(/under 3001 characters/);
  });
});

describe('rendering a template for an incident', () => {
  it('fills in every variable, with the next update relative, in UTC and in the zone the template names', () => {
    const body =
      '{{ incident }} ({{ page }}): {{ status }}.\nAffected: {{ components }}.\nNext update {{ next_update }}; in Paris {{ next_update | in_zone: "Europe/Paris" }}.\n— {{ author }}';
    expect(renderTemplate(draft(body, '{{ incident }}'), incident, NOW)).toEqual({
      title: 'Payments failing',
      stage: 'identified',
      message:
        'Payments failing (Acme Status): Identified.\nAffected: Payments API (major outage), Dashboard (degraded performance).\nNext update in 30 minutes (Mon 2 Mar, 14:30 UTC); in Paris Mon 2 Mar, 15:30 CET.\n— Sam Lee',
    });
  });

  it('prints nothing for what the incident lacks, instead of failing', () => {
    const quiet = { ...incident, components: [], nextUpdateAt: null };
    const body =
      'Fixed.{% if components != empty %} Affected: {{ components }}.{% endif %}{% if next_update %} Next {{ next_update }}.{% endif %} {{ next_update.relative }}{{ next_update | in_zone: "Europe/Paris" }}';
    expect(renderTemplate(draft(body), quiet, NOW).message).toBe('Fixed.');
  });

  it('falls back to the text without its markup when the engine gives up, and never throws', () => {
    const runaway = 'Before {% for i in (1..100000000) %}{{ incident }}{% endfor %} after';
    expect(renderTemplate(draft(runaway), incident, NOW).message).toBe('Before  after');
    expect(renderTemplate(draft('{% if %}broken {{'), incident, NOW).message).toBe('broken {{');
  });

  it('takes Slack mentions apart, from the template and from the incident alike', () => {
    const loud = { ...incident, title: 'Ask <@U024BE7LH> or <!subteam^S01|sre>', author: '<!here>' };
    const rendered = renderTemplate(draft('@channel {{ incident }} <#C01|ops> by {{ author }}', '<!channel> {{ incident }}'), loud, NOW);
    expect(rendered.message).toBe('channel Ask @U024BE7LH> or !subteam^S01|sre> #C01|ops> by !here>');
    expect(rendered.title).toBe('!channel> Ask @U024BE7LH> or !subteam^S01|sre>');
    expect(containsSlackSyntax(rendered.message)).toBe(false);
  });

  it('keeps the message within the form’s 3,000 characters', () => {
    const rendered = renderTemplate(
      draft('{% for i in (1..40) %}{{ incident }} {% endfor %}'),
      { ...incident, title: 'x'.repeat(400) },
      NOW,
    );
    expect(rendered.message).toHaveLength(3000);
    expect(rendered.message.endsWith('…')).toBe(true);
  });
});

describe('the page’s status for a template’s stage', () => {
  it('reads ids and labels alike, whatever their case, spaces or underscores', () => {
    const statuspage = [
      { id: 'scheduled', label: 'Scheduled' },
      { id: 'in_progress', label: 'In progress' },
    ];
    expect(statusForStage('in_progress', statuspage)).toEqual({ id: 'in_progress', label: 'In progress' });
    expect(statusForStage('identified', [{ id: 'IDENTIFIED', label: 'Identified' }])).toEqual({ id: 'IDENTIFIED', label: 'Identified' });
    expect(statusForStage('in_progress', [{ id: 'P1', label: 'In-Progress' }])).toEqual({ id: 'P1', label: 'In-Progress' });
    expect(statusForStage('verifying', statuspage)).toBeNull();
  });
});

describe('Slack syntax', () => {
  it.each([
    ['<@U1>', '@U1>'],
    ['<<@U1>', '@U1>'],
    ['<@@here', 'here'],
    ['@@everyone!', 'everyone!'],
    ['@hereby stays', '@hereby stays'],
    ['<https://example.com|our site>', '<https://example.com|our site>'],
  ])('%s reads %s', (text, expected) => {
    expect(neutraliseSlackSyntax(text)).toBe(expected);
    expect(containsSlackSyntax(expected)).toBe(false);
  });
});

describe('the default templates', () => {
  it('cover every stage once, and each can be saved as it is', () => {
    expect(DEFAULT_TEMPLATES.map((template) => template.stage).sort()).toEqual([...TEMPLATE_STAGES].sort());
    const names = DEFAULT_TEMPLATES.map((template) => template.name);
    for (const template of DEFAULT_TEMPLATES) {
      const others = names.filter((name) => name !== template.name);
      expect(validateTemplate(template, NOW, others)).toEqual({
        ok: true,
        draft: { name: template.name, stage: template.stage, title: template.title, body: template.body },
      });
    }
  });

  it('say what is affected and when the next update comes, and leave out what the incident lacks', () => {
    const investigating = DEFAULT_TEMPLATES.find((template) => template.key === 'incident-investigating')!;
    expect(renderTemplate(investigating, sampleIncident(NOW), NOW)).toEqual({
      title: 'Elevated error rates on checkout',
      stage: 'investigating',
      message: [
        'We are investigating reports of a problem affecting some of our services.',
        'Affected: Checkout API (partial outage), Dashboard (degraded performance).',
        'Our team is working to understand the cause and restore normal service as quickly as possible.',
        'We will post another update in 30 minutes (Mon 2 Mar, 14:30 UTC).',
      ].join('\n\n'),
    });
    const bare = { ...sampleIncident(NOW), components: [], nextUpdateAt: null };
    expect(renderTemplate(investigating, bare, NOW).message).toBe(
      [
        'We are investigating reports of a problem affecting some of our services.',
        'Our team is working to understand the cause and restore normal service as quickly as possible.',
      ].join('\n\n'),
    );
  });
});
