import fc from 'fast-check';
import { renderTemplate } from '../../src/templates/render-template.js';
import { containsSlackSyntax } from '../../src/templates/slack-syntax.js';
import { TEMPLATE_BODY_MAX_LENGTH } from '../../src/templates/template.js';
import type { TemplateIncident } from '../../src/templates/template-incident.js';
import { TEMPLATE_STAGES } from '../../src/templates/template-stages.js';
import { validateTemplate } from '../../src/templates/validate-template.js';

// Rendering happens as an update is written, with whatever the incident holds: for any template that could be
// saved and any incident, it never throws and never yields a Slack mention. The templates are built from
// Liquid pieces (every variable, part, filter and tag a person might write) and from text that tries hard to be
// a mention on its own or next to a variable; they are kept only when saving would accept them.

const NOW = new Date('2026-03-02T14:00:00.000Z');

/** Text with the characters mentions are made of, often. */
const mentiony = fc.string({
  unit: fc.oneof(
    fc.constantFrom('<', '@', '!', '#', '>', '|', 'here', 'channel', 'everyone', 'subteam^S1', 'U024BE7LH', ' ', '\n', '{', '}', '%'),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
  ),
  maxLength: 12,
});

const variable = fc.constantFrom(
  '{{ incident }}',
  '{{ page }}',
  '{{ status }}',
  '{{ components }}',
  '{{ next_update }}',
  '{{ next_update.relative }}',
  '{{ next_update.absolute }}',
  '{{ next_update | in_zone: "Europe/Paris" }}',
  '{{ next_update | in_zone: "Asia/Kolkata" }}',
  '{{ author }}',
  '{{ incident | upcase }}',
  '{{ author | prepend: "<" }}',
  '{{ status | append: "@" | downcase }}',
  '{{ incident | truncate: 5 }}',
  '{{ "<" }}{{ "@here" }}',
);

const piece: fc.Arbitrary<string> = fc.letrec<{ piece: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small' },
    mentiony,
    variable,
    fc
      .tuple(fc.constantFrom('components != empty', 'next_update', 'status == "Resolved"'), tie('piece'))
      .map(([condition, inner]) => `{% if ${condition} %}${inner}{% else %}<{% endif %}`),
    fc.tuple(tie('piece')).map(([inner]) => `{% for word in incident | split: " " %}{{ word }}${inner}{% endfor %}`),
    fc.tuple(tie('piece')).map(([inner]) => `{% capture x %}${inner}{% endcapture %}{{ x }}`),
  ),
})).piece;

const source = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));

const text = fc.oneof(mentiony, fc.string({ unit: 'binary', maxLength: 80 }));

const incident: fc.Arbitrary<TemplateIncident> = fc.record({
  title: text,
  page: text,
  status: text,
  components: fc.array(fc.record({ name: text, status: text }), { maxLength: 40 }),
  nextUpdateAt: fc.option(fc.date({ noInvalidDate: false }), { nil: null }),
  author: text,
});

describe('rendering any saved template with any incident', () => {
  it('never throws and never yields Slack syntax', () => {
    let saved = 0;
    fc.assert(
      fc.property(source, fc.option(source, { nil: null }), fc.constantFrom(...TEMPLATE_STAGES), incident, (body, title, stage, data) => {
        const validation = validateTemplate({ name: 'T', stage, title, body }, NOW, []);
        fc.pre(validation.ok);
        if (!validation.ok) return;
        saved += 1;
        const rendered = renderTemplate(validation.draft, data, NOW);
        expect(containsSlackSyntax(rendered.message)).toBe(false);
        expect(rendered.message.length).toBeLessThanOrEqual(TEMPLATE_BODY_MAX_LENGTH);
        if (rendered.title !== null) expect(containsSlackSyntax(rendered.title)).toBe(false);
      }),
      { numRuns: 400, maxSkipsPerRun: 10 },
    );
    // The generator must mostly produce templates that can be saved, or the property proves little.
    expect(saved).toBeGreaterThan(200);
  });

  it('never throws and never yields Slack syntax for any text at all, saved or not', () => {
    fc.assert(
      fc.property(fc.oneof(source, fc.string({ unit: 'binary', maxLength: 200 })), incident, (body, data) => {
        const rendered = renderTemplate({ name: 'T', stage: 'investigating', title: body, body }, data, NOW);
        expect(containsSlackSyntax(rendered.message)).toBe(false);
        if (rendered.title !== null) expect(containsSlackSyntax(rendered.title)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
