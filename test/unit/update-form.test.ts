import type { ModalView } from '@slack/types';
import { buildUpdateForm, MESSAGE_PLACEHOLDER } from '../../src/slack/update-form/blocks/update-form.js';
import { decodeFormMetadata } from '../../src/slack/update-form/form-metadata.js';
import type { UpdateDraft } from '../../src/updates/draft.js';
import { parseUpdateForm } from '../../src/slack/update-form/read-update-form.js';
import {
  CAPABILITIES,
  INCIDENT,
  MAINTENANCE,
  OPTIONS,
  PAGES,
  allText,
  element,
  inputBlock,
  inputBlocks,
  manyComponents,
  manyPosts,
  stage,
  submitted,
} from './support/form-fixtures.js';
import { slackLimitViolations } from './support/slack-limits.js';
import {
  FORM_ACTIONS,
  FORM_BLOCKS,
  PAGE_SELECT_ACTION,
  NEW_POST_OPTION_VALUE,
  POST_SELECT_ACTION,
  UPDATE_FORM_CALLBACK_ID,
  impactBlockId,
} from '../../src/slack/update-form/blocks/update-form-ids.js';

const STAGES = ['loading', 'pages', 'posts-loading', 'posts', 'options-loading', 'ready'] as const;

function idsOf(view: ModalView): Map<string, string> {
  return new Map(
    inputBlocks(view).map((b) => [
      b.block_id as string,
      `${(b.element as { action_id: string }).action_id}/${(b.element as { type: string }).type}`,
    ]),
  );
}

describe('buildUpdateForm at each stage', () => {
  it.each(STAGES)('%s: within every Slack limit, titled, with the message box', (name) => {
    const view = buildUpdateForm(stage(name));
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(view.callback_id).toBe(UPDATE_FORM_CALLBACK_ID);
    expect([view.title.text, view.submit?.text, view.close?.text]).toEqual(['Status update', 'Publish', 'Cancel']);
    const message = element(view, FORM_BLOCKS.message);
    expect(message).toMatchObject({ type: 'plain_text_input', action_id: FORM_ACTIONS.message, multiline: true, max_length: 3000 });
    expect((message.placeholder as { text: string }).text).toBe(MESSAGE_PLACEHOLDER);
    expect(allText(view.blocks)).toContain('<#C0INCIDENT>');
  });

  it('keeps every input block id with the same action id and element across stages', () => {
    const seen = new Map<string, string>();
    for (const name of STAGES) {
      for (const [blockId, action] of idsOf(buildUpdateForm(stage(name)))) {
        expect(seen.get(blockId) ?? action).toBe(action);
        seen.set(blockId, action);
      }
    }
    // and the ready form has them all
    expect([...idsOf(buildUpdateForm(stage('ready'))).keys()]).toEqual([
      'page',
      'post',
      'status',
      'severity',
      'message',
      'impact:PC1',
      'impact:PC2',
      'impact:PC3',
      'notify',
      'next_update',
      'reported_at',
    ]);
  });

  it('loading: says so and asks nothing it cannot offer yet', () => {
    const view = buildUpdateForm(stage('loading'));
    expect(allText(view.blocks)).toContain('Loading status pages…');
    expect([...idsOf(view).keys()]).toEqual(['message', 'notify']);
    expect(decodeFormMetadata(view.private_metadata!).page).toBeNull();
  });

  it('pages failed to load: shows the provider words, escaped', () => {
    const view = buildUpdateForm(stage('loading', { pages: { status: 'error', message: 'PagerDuty said <!channel> 401' } }));
    expect(allText(view.blocks)).toContain("Couldn't load the status pages: PagerDuty said &lt;!channel&gt; 401");
    expect(inputBlock(view, FORM_BLOCKS.page)).toBeUndefined();
  });

  it('pages ready: a page select that dispatches on change, "<name> · <provider>", value provider:id', () => {
    const view = buildUpdateForm(stage('pages'));
    expect(inputBlock(view, FORM_BLOCKS.page)).toMatchObject({ dispatch_action: true, label: { text: 'Status page' } });
    const select = element(view, FORM_BLOCKS.page);
    expect(select.action_id).toBe(PAGE_SELECT_ACTION);
    expect(select.options).toEqual([
      { text: { type: 'plain_text', text: 'Acme public status · PagerDuty', emoji: true }, value: 'pagerduty:PSP1' },
      { text: { type: 'plain_text', text: 'Acme internal · Statuspage', emoji: true }, value: 'statuspage:sp-2' },
    ]);
    expect(select.initial_option).toBeUndefined();
  });

  it('preselects the chosen page, or the only one', () => {
    const only = buildUpdateForm(stage('pages', { pages: { status: 'ready', value: [PAGES[1]!] } }));
    expect((element(only, FORM_BLOCKS.page).initial_option as { value: string }).value).toBe('statuspage:sp-2');
    const chosen = buildUpdateForm(stage('posts'));
    expect((element(chosen, FORM_BLOCKS.page).initial_option as { value: string }).value).toBe('pagerduty:PSP1');
  });

  it('truncates a long page name but keeps the provider visible', () => {
    const long = { ...PAGES[0]!, name: 'N'.repeat(200) };
    const view = buildUpdateForm(stage('pages', { pages: { status: 'ready', value: [long] } }));
    const text = (element(view, FORM_BLOCKS.page).options as { text: { text: string } }[])[0]!.text.text;
    expect(text.length).toBeLessThanOrEqual(75);
    expect(text).toMatch(/N… {1,2}· PagerDuty$|N… · PagerDuty$/);
  });

  it('posts: loading line, then "New incident or maintenance…" and groups "Incidents" / "Maintenance" valued kind:id', () => {
    expect(allText(buildUpdateForm(stage('posts-loading')).blocks)).toContain('Loading open incidents and maintenance…');
    const view = buildUpdateForm(stage('posts'));
    const select = element(view, FORM_BLOCKS.post);
    expect(select.action_id).toBe(POST_SELECT_ACTION);
    expect(inputBlock(view, FORM_BLOCKS.post)?.dispatch_action).toBe(true);
    expect(select.option_groups).toEqual([
      {
        label: { type: 'plain_text', text: 'New', emoji: true },
        options: [{ text: { type: 'plain_text', text: 'New incident or maintenance…', emoji: true }, value: NEW_POST_OPTION_VALUE }],
      },
      {
        label: { type: 'plain_text', text: 'Incidents', emoji: true },
        options: [{ text: { type: 'plain_text', text: 'API errors', emoji: true }, value: 'incident:PINC1' }],
      },
      {
        label: { type: 'plain_text', text: 'Maintenance', emoji: true },
        options: [{ text: { type: 'plain_text', text: 'Database upgrade', emoji: true }, value: 'maintenance:PMNT1' }],
      },
    ]);
  });

  it('posts: says when there is nothing open, still offers to open one, and leaves out empty groups', () => {
    const none = buildUpdateForm(stage('posts', { posts: { status: 'ready', value: [] } }));
    expect(allText(none.blocks)).toContain('No open incidents or maintenance on this page');
    const groups = (posts: unknown[]) =>
      (
        element(buildUpdateForm(stage('posts', { posts: { status: 'ready', value: posts as never } })), FORM_BLOCKS.post).option_groups as {
          label: { text: string };
        }[]
      ).map((group) => group.label.text);
    expect(groups([])).toEqual(['New']);
    expect(groups([INCIDENT])).toEqual(['New', 'Incidents']);
  });

  it('post chosen: loading line until its options arrive', () => {
    const view = buildUpdateForm(stage('options-loading'));
    expect(allText(view.blocks)).toContain('Loading statuses and services…');
    expect(inputBlock(view, FORM_BLOCKS.status)).toBeUndefined();
    expect((element(view, FORM_BLOCKS.post).initial_option as { value: string }).value).toBe('incident:PINC1');
  });

  it('ready: statuses, severities, one impact select per component, defaults for an incident', () => {
    const view = buildUpdateForm(stage('ready'));
    expect((element(view, FORM_BLOCKS.status).options as { value: string }[]).map((o) => o.value)).toEqual(['PST1', 'PST2', 'PST3']);
    expect((element(view, FORM_BLOCKS.severity).options as { value: string }[]).map((o) => o.value)).toEqual(['PSV1', 'PSV2']);
    const api = element(view, impactBlockId('PC1'));
    expect((api.options as { value: string; text: { text: string } }[]).map((o) => `${o.value}=${o.text.text}`)).toEqual([
      'none=Not affected',
      'PIM1=partial outage',
      'PIM2=major outage',
    ]);
    expect(inputBlock(view, 'impact:PC1')).toMatchObject({ optional: true, label: { text: 'API' } });
    // current impact preselected; an impact the select does not offer falls back to "Not affected"
    expect((api.initial_option as { value: string }).value).toBe('none');
    expect((element(view, 'impact:PC2').initial_option as { value: string }).value).toBe('PIM1');
    expect((element(view, 'impact:PC3').initial_option as { value: string }).value).toBe('none');
    expect(element(view, FORM_BLOCKS.notify).initial_options).toHaveLength(1);
    const next = element(view, FORM_BLOCKS.nextUpdate);
    expect((next.options as { text: { text: string } }[]).map((o) => o.text.text)).toEqual([
      'None',
      '15 minutes',
      '30 minutes',
      '1 hour',
      '2 hours',
      '4 hours',
    ]);
    expect((next.initial_option as { value: string }).value).toBe('30');
    expect(element(view, FORM_BLOCKS.reportedAt)).toEqual({ type: 'datetimepicker', action_id: FORM_ACTIONS.reportedAt });
    expect(inputBlock(view, FORM_BLOCKS.reportedAt)?.hint).toMatchObject({ text: 'Leave empty to use the time of publishing' });
    expect(decodeFormMetadata(view.private_metadata!).components).toEqual([
      { id: 'PC1', name: 'API' },
      { id: 'PC2', name: 'Dashboard' },
      { id: 'PC3', name: 'Webhooks' },
    ]);
  });

  it('maintenance defaults to no next update', () => {
    const state = stage('ready');
    const view = buildUpdateForm({ ...state, metadata: { ...state.metadata, post: MAINTENANCE } });
    expect((element(view, FORM_BLOCKS.nextUpdate).initial_option as { value: string }).value).toBe('none');
  });

  it('leaves out severity and reported at when the provider has neither', () => {
    const state = stage('ready');
    const view = buildUpdateForm({
      ...state,
      metadata: { ...state.metadata, capabilities: { severity: false, nextUpdate: false, reportedAt: false } },
    });
    expect(inputBlock(view, FORM_BLOCKS.severity)).toBeUndefined();
    expect(inputBlock(view, FORM_BLOCKS.reportedAt)).toBeUndefined();
    expect(inputBlock(view, FORM_BLOCKS.status)).toBeDefined();
  });

  it('shows a notice as an escaped warning at the top', () => {
    const view = buildUpdateForm(stage('ready', { notice: 'Last attempt: <@U1> rejected & refused' }));
    expect(allText(view.blocks.slice(0, 2))).toContain(':warning: Last attempt: &lt;@U1&gt; rejected &amp; refused');
  });
});

describe('buildUpdateForm with large pages', () => {
  it('500 components, 200 posts, 150 pages: external selects, within limits', () => {
    const state = stage('ready', {
      pages: { status: 'ready', value: Array.from({ length: 150 }, (_, i) => ({ ...PAGES[0]!, id: `P${i}`, name: `Page ${i}` })) },
      posts: { status: 'ready', value: [INCIDENT, ...manyPosts(199)] },
      options: { status: 'ready', value: { ...OPTIONS, components: manyComponents(500) } },
    });
    const view = buildUpdateForm(state);
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.private_metadata!.length).toBeLessThanOrEqual(3000);
    expect(element(view, FORM_BLOCKS.page)).toMatchObject({ type: 'external_select', action_id: PAGE_SELECT_ACTION, min_query_length: 0 });
    expect((element(view, FORM_BLOCKS.page).initial_option as { value: string }).value).toBe('pagerduty:PSP1');
    expect(element(view, FORM_BLOCKS.post)).toMatchObject({
      type: 'external_select',
      initial_option: { text: { text: 'Incident · API errors' }, value: 'incident:PINC1' },
    });
    expect(element(view, FORM_BLOCKS.bulkComponents)).toMatchObject({
      type: 'multi_external_select',
      action_id: FORM_ACTIONS.bulkComponents,
    });
    expect(inputBlock(view, FORM_BLOCKS.bulkComponents)?.label).toMatchObject({ text: 'Impacted services' });
    expect(inputBlock(view, FORM_BLOCKS.bulkImpact)?.label).toMatchObject({ text: 'Impact on them' });
    expect(inputBlocks(view).some((b) => String(b.block_id).startsWith('impact:'))).toBe(false);
    expect(decodeFormMetadata(view.private_metadata!).components).toEqual([]);
  });

  it('21 to 100 components: one static multi-select', () => {
    const view = buildUpdateForm(stage('ready', { options: { status: 'ready', value: { ...OPTIONS, components: manyComponents(21) } } }));
    expect(element(view, FORM_BLOCKS.bulkComponents)).toMatchObject({ type: 'multi_static_select' });
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
  });

  it('20 components whose ids would overflow the metadata fall back to the multi-select', () => {
    const huge = manyComponents(20).map((c, i) => ({ ...c, id: `${i}-${'x'.repeat(140)}` }));
    const view = buildUpdateForm(stage('ready', { options: { status: 'ready', value: { ...OPTIONS, components: huge } } }));
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(element(view, FORM_BLOCKS.bulkComponents)).toMatchObject({ type: 'multi_static_select' });
  });

  it('20 components with long names still get one select each, names shortened in the metadata', () => {
    const named = manyComponents(20).map((c) => ({ ...c, name: `${c.name} ${'y'.repeat(150)}` }));
    const view = buildUpdateForm(stage('ready', { options: { status: 'ready', value: { ...OPTIONS, components: named } } }));
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(inputBlocks(view).filter((b) => String(b.block_id).startsWith('impact:'))).toHaveLength(20);
    expect(decodeFormMetadata(view.private_metadata!).components).toHaveLength(20);
  });
});

describe('buildUpdateForm prefilled from a draft (Edit and retry)', () => {
  const draft: UpdateDraft = {
    provider: 'pagerduty',
    page: { id: 'PSP1', name: 'Acme public status', url: 'https://status.acme.test' },
    post: INCIDENT,
    status: { id: 'PST2', label: 'identified' },
    severity: { id: 'PSV2', label: 'major' },
    message: 'We found the cause & are rolling back.',
    impacts: [{ component: { id: 'PC3', label: 'Webhooks' }, impact: { id: 'PIM2', label: 'major outage' } }],
    notifySubscribers: false,
    nextUpdateMinutes: 60,
    reportedAt: '2024-05-01T12:00:00.000Z',
  };

  it('sets every field from the draft, and submitting it unchanged gives the same draft back', () => {
    const view = buildUpdateForm(stage('ready', { initial: draft }));
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(element(view, FORM_BLOCKS.message).initial_value).toBe(draft.message);
    expect((element(view, FORM_BLOCKS.status).initial_option as { value: string }).value).toBe('PST2');
    expect((element(view, FORM_BLOCKS.severity).initial_option as { value: string }).value).toBe('PSV2');
    // the draft decides, not the component's current impact
    expect((element(view, 'impact:PC2').initial_option as { value: string }).value).toBe('none');
    expect((element(view, 'impact:PC3').initial_option as { value: string }).value).toBe('PIM2');
    expect(element(view, FORM_BLOCKS.notify).initial_options).toBeUndefined();
    expect((element(view, FORM_BLOCKS.nextUpdate).initial_option as { value: string }).value).toBe('60');
    expect(element(view, FORM_BLOCKS.reportedAt).initial_date_time).toBe(1714564800);

    const metadata = decodeFormMetadata(view.private_metadata!);
    const parsed = parseUpdateForm(submitted(view), metadata, new Date('2024-05-01T12:30:00Z'));
    expect(parsed).toEqual({ ok: true, draft });
  });

  it('prefills the message from the very first (loading) view', () => {
    const view = buildUpdateForm(stage('loading', { initial: draft }));
    expect(element(view, FORM_BLOCKS.message).initial_value).toBe(draft.message);
  });

  it('prefills the multi-select when there are many components', () => {
    const components = manyComponents(30);
    const bulkDraft = {
      ...draft,
      impacts: components
        .slice(0, 2)
        .map((c) => ({ component: { id: c.id, label: c.name }, impact: { id: 'PIM1', label: 'partial outage' } })),
    };
    const state = stage('ready', { initial: bulkDraft, options: { status: 'ready', value: { ...OPTIONS, components } } });
    const view = buildUpdateForm(state);
    expect((element(view, FORM_BLOCKS.bulkComponents).initial_options as unknown[]).length).toBe(2);
    expect((element(view, FORM_BLOCKS.bulkImpact).initial_option as { value: string }).value).toBe('PIM1');
    const parsed = parseUpdateForm(submitted(view), decodeFormMetadata(view.private_metadata!), new Date('2024-05-01T12:30:00Z'));
    expect(parsed).toEqual({ ok: true, draft: bulkDraft });
  });

  it('skips a prefilled choice the page no longer offers instead of breaking the view', () => {
    const gone = { ...draft, status: { id: 'GONE', label: 'gone' }, nextUpdateMinutes: 45 };
    const view = buildUpdateForm(stage('ready', { initial: gone, metadata: { ...stage('ready').metadata, capabilities: CAPABILITIES } }));
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(element(view, FORM_BLOCKS.status).initial_option).toBeUndefined();
    expect((element(view, FORM_BLOCKS.nextUpdate).initial_option as { value: string }).value).toBe('none');
  });
});
