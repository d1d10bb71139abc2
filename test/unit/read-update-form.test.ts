import fc from 'fast-check';
import type { ViewOutput } from '@slack/bolt';
import { buildUpdateForm } from '../../src/slack/update-form/blocks/update-form.js';
import { decodeFormMetadata, type FormMetadata } from '../../src/slack/update-form/form-metadata.js';
import { FIELD_ERRORS, parseUpdateForm, type ViewStateValues } from '../../src/slack/update-form/read-update-form.js';
import { OPTIONS, inputBlocks, manyComponents, picked, stage, submitted } from './support/form-fixtures.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

/** The ready form and its metadata, as Slack hands them back on submit. */
function readyForm(overrides: Parameters<typeof stage>[1] = {}) {
  const view = buildUpdateForm(stage('ready', overrides));
  return { view, metadata: decodeFormMetadata(view.private_metadata!) };
}

/** What the user filled in on the ready form (block id -> element state). */
const FILLED = {
  [FORM_BLOCKS.status]: { selected_option: picked('identified', 'PST2') },
  [FORM_BLOCKS.severity]: { selected_option: picked('major', 'PSV2') },
  [FORM_BLOCKS.message]: { value: '  We found the cause <!channel> and are rolling back.\n' },
  'impact:PC1': { selected_option: picked('major outage', 'PIM2') },
  [FORM_BLOCKS.nextUpdate]: { selected_option: picked('1 hour', '60') },
  [FORM_BLOCKS.reportedAt]: { selected_date_time: nowSeconds - 600 },
};

/** A submission of `view` filled in as above, with `changes` on top. */
function filledIn(view = readyForm().view, changes: Record<string, Record<string, unknown>> = {}): ViewStateValues {
  return submitted(view, { ...FILLED, ...changes });
}

describe('parseUpdateForm', () => {
  it('reads a complete form into the exact draft', () => {
    const { metadata } = readyForm();
    expect(parseUpdateForm(filledIn(), metadata, NOW)).toEqual({
      ok: true,
      draft: {
        provider: 'pagerduty',
        page: { id: 'PSP1', name: 'Acme public status', url: 'https://status.acme.test' },
        post: { id: 'PINC1', title: 'API errors', kind: 'incident', url: 'https://status.acme.test/incidents/PINC1' },
        status: { id: 'PST2', label: 'identified' },
        severity: { id: 'PSV2', label: 'major' },
        message: 'We found the cause <!channel> and are rolling back.',
        impacts: [
          { component: { id: 'PC1', label: 'API' }, impact: { id: 'PIM2', label: 'major outage' } },
          // preselected from the component's current impact, and left as it was
          { component: { id: 'PC2', label: 'Dashboard' }, impact: { id: 'PIM1', label: 'partial outage' } },
        ],
        notifySubscribers: true,
        nextUpdateMinutes: 60,
        reportedAt: '2024-05-01T11:50:00.000Z',
      },
    });
  });

  it('accepts Bolt’s own view state type', () => {
    const values: ViewOutput['state']['values'] = {};
    expect(parseUpdateForm(values, readyForm().metadata, NOW).ok).toBe(false);
  });

  it('reads "none", unchecked and empty as nothing', () => {
    const { view, metadata } = readyForm();
    const values = filledIn(view, {
      [FORM_BLOCKS.status]: { selected_option: picked('resolved', 'PST3') },
      [FORM_BLOCKS.severity]: { selected_option: picked('minor', 'PSV1') },
      [FORM_BLOCKS.message]: { value: 'Fixed.' },
      'impact:PC1': { selected_option: null },
      'impact:PC2': { selected_option: picked('Not affected', 'none') },
      [FORM_BLOCKS.notify]: { selected_options: [] },
      [FORM_BLOCKS.nextUpdate]: { selected_option: picked('None', 'none') },
      [FORM_BLOCKS.reportedAt]: { selected_date_time: null },
    });
    const result = parseUpdateForm(values, metadata, NOW);
    expect(result.ok && result.draft).toMatchObject({ impacts: [], notifySubscribers: false, nextUpdateMinutes: null, reportedAt: null });
  });

  it.each([
    ['status', FORM_BLOCKS.status, FIELD_ERRORS.status],
    ['severity', FORM_BLOCKS.severity, FIELD_ERRORS.severity],
  ])('a missing %s is an error on its block', (_, blockId, message) => {
    const { view, metadata } = readyForm();
    const values = filledIn(view, { [blockId]: { selected_option: null } });
    expect(parseUpdateForm(values, metadata, NOW)).toEqual({ ok: false, errors: { [blockId]: message } });
  });

  it('a message of only spaces is an error on the message block', () => {
    const { view, metadata } = readyForm();
    const values = filledIn(view, { [FORM_BLOCKS.message]: { value: ' \n\t ' } });
    expect(parseUpdateForm(values, metadata, NOW)).toEqual({ ok: false, errors: { message: FIELD_ERRORS.message } });
  });

  it('a message over 3,000 characters is an error', () => {
    const { view, metadata } = readyForm();
    const values = filledIn(view, { [FORM_BLOCKS.message]: { value: 'x'.repeat(3001) } });
    expect(parseUpdateForm(values, metadata, NOW)).toEqual({ ok: false, errors: { message: FIELD_ERRORS.messageTooLong } });
  });

  it('no page or post chosen: errors on their selects, everything else reported at once', () => {
    const pages = buildUpdateForm(stage('pages'));
    const result = parseUpdateForm(submitted(pages), decodeFormMetadata(pages.private_metadata!), NOW);
    expect(result).toEqual({ ok: false, errors: { page: FIELD_ERRORS.page, message: FIELD_ERRORS.message } });

    const posts = buildUpdateForm(stage('posts'));
    const values = submitted(posts, { [FORM_BLOCKS.message]: { value: 'hello' } });
    expect(parseUpdateForm(values, decodeFormMetadata(posts.private_metadata!), NOW)).toEqual({
      ok: false,
      errors: { post: FIELD_ERRORS.post },
    });
  });

  it('a page or post picked but not yet loaded into the form asks to wait', () => {
    const { view, metadata } = readyForm();
    const values = filledIn(view, { [FORM_BLOCKS.post]: { selected_option: picked('Database upgrade', 'maintenance:PMNT1') } });
    expect(parseUpdateForm(values, metadata, NOW)).toEqual({ ok: false, errors: { post: FIELD_ERRORS.stale } });
  });

  it('submitted before statuses loaded: a form-level error under the message box', () => {
    const view = buildUpdateForm(stage('options-loading'));
    const values = submitted(view, { [FORM_BLOCKS.message]: { value: 'hello' } });
    expect(parseUpdateForm(values, decodeFormMetadata(view.private_metadata!), NOW)).toEqual({
      ok: false,
      errors: { message: FIELD_ERRORS.stillLoading },
    });
  });

  it('reported at: up to 5 minutes ahead is clock skew, beyond is the future', () => {
    const { view, metadata } = readyForm();
    const at = (seconds: number) => filledIn(view, { [FORM_BLOCKS.reportedAt]: { selected_date_time: seconds } });
    const skewed = parseUpdateForm(at(nowSeconds + 240), metadata, NOW);
    expect(skewed.ok && skewed.draft.reportedAt).toBe('2024-05-01T12:04:00.000Z');
    expect(parseUpdateForm(at(nowSeconds + 360), metadata, NOW)).toEqual({
      ok: false,
      errors: { reported_at: FIELD_ERRORS.reportedAtFuture },
    });
    expect(parseUpdateForm(at(-5), metadata, NOW)).toEqual({ ok: false, errors: { reported_at: FIELD_ERRORS.unreadable } });
    expect(parseUpdateForm(at(1e20), metadata, NOW)).toEqual({ ok: false, errors: { reported_at: FIELD_ERRORS.unreadable } });
  });

  it('reported at is ignored for a provider that cannot back-date', () => {
    const { view, metadata } = readyForm();
    const noBackdating: FormMetadata = { ...metadata, capabilities: { ...metadata.capabilities!, reportedAt: false } };
    const result = parseUpdateForm(filledIn(view), noBackdating, NOW);
    expect(result.ok && result.draft.reportedAt).toBeNull();
  });

  it('unknown option values ask to pick again', () => {
    const { view, metadata } = readyForm();
    const values = filledIn(view, {
      [FORM_BLOCKS.nextUpdate]: { selected_option: picked('45 minutes', '45') },
      [FORM_BLOCKS.page]: { selected_option: picked('Evil', 'evil:PSP1') },
      'impact:PC1': { selected_option: picked('blank', '') },
    });
    expect(parseUpdateForm(values, metadata, NOW)).toEqual({
      ok: false,
      errors: { page: FIELD_ERRORS.unknownChoice, next_update: FIELD_ERRORS.unknownChoice, 'impact:PC1': FIELD_ERRORS.unknownChoice },
    });
  });

  it('many components: services and one impact, both or neither', () => {
    const components = manyComponents(30);
    const { view, metadata } = readyForm({ options: { status: 'ready', value: { ...OPTIONS, components } } });
    const chosen = [picked('Service number 0', components[0]!.id), picked('Service number 1', components[1]!.id)];
    const both = filledIn(view, {
      [FORM_BLOCKS.bulkComponents]: { selected_options: chosen },
      [FORM_BLOCKS.bulkImpact]: { selected_option: picked('partial outage', 'PIM1') },
    });
    const result = parseUpdateForm(both, metadata, NOW);
    expect(result.ok && result.draft.impacts).toEqual([
      { component: { id: components[0]!.id, label: 'Service number 0' }, impact: { id: 'PIM1', label: 'partial outage' } },
      { component: { id: components[1]!.id, label: 'Service number 1' }, impact: { id: 'PIM1', label: 'partial outage' } },
    ]);
    const servicesOnly = filledIn(view, { [FORM_BLOCKS.bulkComponents]: { selected_options: chosen } });
    expect(parseUpdateForm(servicesOnly, metadata, NOW)).toEqual({ ok: false, errors: { impact_level: FIELD_ERRORS.bulkImpact } });
    const impactOnly = filledIn(view, { [FORM_BLOCKS.bulkImpact]: { selected_option: picked('partial outage', 'PIM1') } });
    expect(parseUpdateForm(impactOnly, metadata, NOW)).toEqual({ ok: false, errors: { impact_components: FIELD_ERRORS.bulkComponents } });
  });

  it('at every stage, untouched or not, errors only name blocks that are in the view', () => {
    for (const name of ['loading', 'pages', 'posts-loading', 'posts', 'options-loading', 'ready'] as const) {
      const view = buildUpdateForm(stage(name, name === 'loading' ? { pages: { status: 'error', message: 'down' } } : {}));
      const inView = new Set(inputBlocks(view).map((b) => b.block_id));
      const result = parseUpdateForm(submitted(view), decodeFormMetadata(view.private_metadata!), NOW);
      expect(result.ok).toBe(false);
      if (!result.ok) for (const key of Object.keys(result.errors)) expect(inView.has(key)).toBe(true);
    }
  });

  it.each([
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'values'],
    ['a number block', { message: 5 }],
    ['a wrongly typed value', { message: { message_input: { value: 7 } } }],
    ['a prototype key', JSON.parse('{"__proto__": {"x": 1}, "constructor": {}}')],
    ['a select without text', { status: { status_select: { selected_option: { value: 'PST1' } } } }],
  ])('never throws on %s, answers with errors', (_, garbage) => {
    const result = parseUpdateForm(garbage as unknown as ViewStateValues, readyForm().metadata, NOW);
    expect(result.ok).toBe(false);
  });

  it('never throws for arbitrary JSON, nor for real block ids holding arbitrary JSON', () => {
    const { view, metadata } = readyForm();
    const blockIds = inputBlocks(view).map((b) => b.block_id as string);
    const shaped = fc.dictionary(
      fc.constantFrom(...blockIds),
      fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.record({ selected_option: fc.jsonValue(), value: fc.jsonValue() }))),
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped), (values) => {
        const result = parseUpdateForm(values as unknown as ViewStateValues, metadata, NOW);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
