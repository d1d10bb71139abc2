import type { ModalView } from '@slack/types';
import type { PostOptions } from '../../src/providers/provider.js';
import { isClosingStatus, resolveWarningBlocks, resolveWarningFor } from '../../src/slack/update-form/blocks/resolve-warning.js';
import { buildUpdateForm } from '../../src/slack/update-form/blocks/update-form.js';
import { decodeFormMetadata } from '../../src/slack/update-form/form-metadata.js';
import { parseUpdateForm } from '../../src/slack/update-form/read-update-form.js';
import { allText, element, inputBlock, manyComponents, picked, stage, submitted } from './support/form-fixtures.js';
import { slackLimitViolations } from './support/slack-limits.js';
import {
  FORM_BLOCKS,
  RESOLVE_WARNING_BLOCK_ID,
  RESET_COMPONENTS_BLOCK_ID,
  impactBlockId,
} from '../../src/slack/update-form/blocks/update-form-ids.js';

// Providers whose components keep their status unless an update changes it (DevHelm, Statuspage): the
// form starts every component at its current status and sends only what the user changed. And the
// warning when closing a post while components still show a problem.

const NOW = new Date('2024-05-01T12:00:00Z');
const KEEPING = { severity: false, nextUpdate: false, reportedAt: false, componentsKeepUnlessChanged: true };
/** One of the fixtures' pages, so the page select shows it chosen. */
const PAGE = { provider: 'statuspage' as const, id: 'sp-2', name: 'Acme internal', url: null };

const DH_OPTIONS: PostOptions = {
  statuses: [
    { id: 'INVESTIGATING', label: 'Investigating' },
    { id: 'MONITORING', label: 'Monitoring' },
    { id: 'RESOLVED', label: 'Resolved' },
  ],
  severities: [],
  impacts: [
    { id: 'OPERATIONAL', label: 'Operational' },
    { id: 'DEGRADED_PERFORMANCE', label: 'Degraded performance' },
    { id: 'MAJOR_OUTAGE', label: 'Major outage' },
  ],
  components: [
    { id: 'c-api', name: 'API', currentImpactId: 'OPERATIONAL' },
    { id: 'c-dash', name: 'Dashboard', currentImpactId: 'DEGRADED_PERFORMANCE' },
    { id: 'c-new', name: 'Search', currentImpactId: null },
  ],
};

function keepingForm(overrides: Parameters<typeof stage>[1] = {}, options: PostOptions = DH_OPTIONS) {
  const ready = stage('ready');
  const view = buildUpdateForm({
    ...ready,
    metadata: { ...ready.metadata, page: PAGE, capabilities: KEEPING },
    options: { status: 'ready', value: options },
    ...overrides,
  });
  return { view, metadata: decodeFormMetadata(view.private_metadata!) };
}

const initialValue = (view: ModalView, blockId: string) => (element(view, blockId).initial_option as { value: string }).value;
const optionValues = (view: ModalView, blockId: string) => (element(view, blockId).options as { value: string }[]).map((o) => o.value);

describe('components that keep their status unless changed', () => {
  it('start at their current status, say it, and offer no "not affected"', () => {
    const { view, metadata } = keepingForm();
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(initialValue(view, impactBlockId('c-dash'))).toBe('DEGRADED_PERFORMANCE');
    expect(optionValues(view, impactBlockId('c-dash'))).toEqual(['OPERATIONAL', 'DEGRADED_PERFORMANCE', 'MAJOR_OUTAGE']);
    expect(inputBlock(view, impactBlockId('c-dash'))!.hint).toMatchObject({ text: 'Now: Degraded performance' });
    // unknown current status: "Unchanged" first, and no hint
    expect(optionValues(view, impactBlockId('c-new'))[0]).toBe('none');
    expect(initialValue(view, impactBlockId('c-new'))).toBe('none');
    expect(inputBlock(view, impactBlockId('c-new'))!.hint).toBeUndefined();
    expect(metadata.components).toEqual([
      { id: 'c-api', name: 'API', current: 'OPERATIONAL' },
      { id: 'c-dash', name: 'Dashboard', current: 'DEGRADED_PERFORMANCE' },
      { id: 'c-new', name: 'Search', current: null },
    ]);
    expect(inputBlock(view, FORM_BLOCKS.severity)).toBeUndefined();
  });

  it('send only the components the user changed', () => {
    const { view, metadata } = keepingForm();
    const values = submitted(view, {
      [FORM_BLOCKS.status]: { selected_option: picked('Monitoring', 'MONITORING') },
      [FORM_BLOCKS.message]: { value: 'Fix deployed.' },
      [impactBlockId('c-api')]: { selected_option: picked('Major outage', 'MAJOR_OUTAGE') },
    });
    const result = parseUpdateForm(values, metadata, NOW);
    expect(result.ok && result.draft.impacts).toEqual([
      { component: { id: 'c-api', label: 'API' }, impact: { id: 'MAJOR_OUTAGE', label: 'Major outage' } },
    ]);
    const untouched = parseUpdateForm(
      submitted(view, {
        [FORM_BLOCKS.status]: { selected_option: picked('Monitoring', 'MONITORING') },
        [FORM_BLOCKS.message]: { value: 'x' },
      }),
      metadata,
      NOW,
    );
    expect(untouched.ok && untouched.draft.impacts).toEqual([]);
  });

  it('with too many components for a select each, name the troubled ones above the picker', () => {
    const components = manyComponents(30).map((c, i) => ({ ...c, currentImpactId: i === 3 ? 'MAJOR_OUTAGE' : 'OPERATIONAL' }));
    const { view } = keepingForm({}, { ...DH_OPTIONS, components });
    expect(allText(view.blocks)).toContain(
      'Now: Service number 3 with a fairly descriptive name (Major outage); the others are operational.',
    );
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
  });
});

describe('closing while components still show a problem', () => {
  const statusPick = (label: string, id: string) => ({ [FORM_BLOCKS.status]: { selected_option: picked(label, id) } });

  it('knows closing statuses in every vocabulary', () => {
    expect(['RESOLVED', 'resolved', 'completed'].every((id) => isClosingStatus({ id, label: id }))).toBe(true);
    expect(isClosingStatus({ id: 'P0ABC12', label: 'resolved' })).toBe(true);
    expect(isClosingStatus({ id: 'in_progress', label: 'In progress' })).toBe(false);
  });

  it('warns about what the form will leave impacted, with the button, and only when closing', () => {
    const { view, metadata } = keepingForm();
    const warning = resolveWarningFor(submitted(view, statusPick('Resolved', 'RESOLVED')), metadata, DH_OPTIONS);
    expect(warning).toEqual({
      components: [{ id: 'c-dash', name: 'Dashboard', impactLabel: 'Degraded performance' }],
      operational: { id: 'OPERATIONAL', label: 'Operational' },
    });
    const fixed = submitted(view, {
      ...statusPick('Resolved', 'RESOLVED'),
      [impactBlockId('c-dash')]: { selected_option: picked('Operational', 'OPERATIONAL') },
    });
    expect(resolveWarningFor(fixed, metadata, DH_OPTIONS)).toBeNull();
    expect(resolveWarningFor(submitted(view, statusPick('Monitoring', 'MONITORING')), metadata, DH_OPTIONS)).toBeNull();
  });

  it('counts what the user picked too, where "not affected" is the default (PagerDuty)', () => {
    const view = buildUpdateForm(stage('ready'));
    const metadata = decodeFormMetadata(view.private_metadata!);
    const options = stage('ready').options as { value: PostOptions };
    const values = submitted(view, {
      ...statusPick('resolved', 'PST3'),
      'impact:PC1': { selected_option: picked('major outage', 'PIM2') },
    });
    const warning = resolveWarningFor(values, metadata, options.value);
    expect(warning?.components.map((c) => c.name)).toContain('API');
    // no "operational" impact in that vocabulary: nothing to set them to
    expect(warning?.operational).toBeNull();
  });

  it('sits under the status in the form, within Slack limits, with "set every affected component back to operational" ticked', () => {
    const { view: plain, metadata } = keepingForm();
    const warning = resolveWarningFor(submitted(plain, statusPick('Resolved', 'RESOLVED')), metadata, DH_OPTIONS)!;
    const { view } = keepingForm({ resolveWarning: warning });
    const ids = view.blocks.map((block) => block.block_id);
    expect(ids.indexOf(RESOLVE_WARNING_BLOCK_ID)).toBe(ids.indexOf(FORM_BLOCKS.status) + 1);
    expect(ids.indexOf(RESET_COMPONENTS_BLOCK_ID)).toBe(ids.indexOf(RESOLVE_WARNING_BLOCK_ID) + 1);
    expect(JSON.stringify(resolveWarningBlocks(warning))).toContain('"initial_options"');
    const ticked = parseUpdateForm(
      submitted(view, { ...statusPick('Resolved', 'RESOLVED'), [FORM_BLOCKS.message]: { value: 'Fixed.' } }),
      metadata,
      NOW,
    );
    expect(ticked.ok && ticked.draft.impacts.map((impact) => [impact.component.id, impact.impact.id])).toEqual([['c-dash', 'OPERATIONAL']]);
    expect(allText(view.blocks)).toContain('*Dashboard* (Degraded performance)');
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
  });

  it('the status select tells Herald when it changes', () => {
    const { view } = keepingForm();
    expect(inputBlock(view, FORM_BLOCKS.status)).toMatchObject({ dispatch_action: true });
  });
});
