import type { ModalView } from '@slack/types';
import type { Component, Post, PostOptions } from '../../../src/providers/provider.js';
import type { PageChoice, UpdateFormState } from '../../../src/slack/update-form/blocks/update-form.js';
import { newFormMetadata, type FormMetadata } from '../../../src/slack/update-form/form-metadata.js';
import type { ViewStateValues } from '../../../src/slack/update-form/read-update-form.js';

// The form's data at each stage, and a stand-in for what Slack sends back when it is submitted.

export const PAGES: PageChoice[] = [
  { provider: 'pagerduty', id: 'PSP1', name: 'Acme public status', url: 'https://status.acme.test', providerName: 'PagerDuty' },
  { provider: 'statuspage', id: 'sp-2', name: 'Acme internal', url: null, providerName: 'Statuspage' },
];

export const INCIDENT: Post = { id: 'PINC1', title: 'API errors', kind: 'incident', url: 'https://status.acme.test/incidents/PINC1' };
export const MAINTENANCE: Post = { id: 'PMNT1', title: 'Database upgrade', kind: 'maintenance', url: null };
export const POSTS: Post[] = [INCIDENT, MAINTENANCE];

export const OPTIONS: PostOptions = {
  statuses: [
    { id: 'PST1', label: 'investigating' },
    { id: 'PST2', label: 'identified' },
    { id: 'PST3', label: 'resolved' },
  ],
  severities: [
    { id: 'PSV1', label: 'minor' },
    { id: 'PSV2', label: 'major' },
  ],
  impacts: [
    { id: 'PIM1', label: 'partial outage' },
    { id: 'PIM2', label: 'major outage' },
  ],
  components: [
    { id: 'PC1', name: 'API', currentImpactId: null },
    { id: 'PC2', name: 'Dashboard', currentImpactId: 'PIM1' },
    { id: 'PC3', name: 'Webhooks', currentImpactId: 'operational' },
  ],
};

export const CAPABILITIES = { severity: true, nextUpdate: true, reportedAt: true };

export function baseMetadata(overrides: Partial<FormMetadata> = {}): FormMetadata {
  return { ...newFormMetadata({ channelId: 'C0INCIDENT', teamId: 'T1', responseUrl: 'https://hooks.slack.test/r/1' }), ...overrides };
}

const PAGE = { provider: 'pagerduty' as const, id: 'PSP1', name: 'Acme public status', url: 'https://status.acme.test' };

/** The form as it is built at each step of its life. */
export function stage(
  name: 'loading' | 'pages' | 'posts-loading' | 'posts' | 'options-loading' | 'ready',
  overrides: Partial<UpdateFormState> = {},
): UpdateFormState {
  const pageChosen = baseMetadata({ page: PAGE, capabilities: CAPABILITIES });
  const postChosen = { ...pageChosen, post: INCIDENT };
  const states: Record<typeof name, UpdateFormState> = {
    loading: { metadata: baseMetadata(), pages: { status: 'loading' }, posts: null, options: null, initial: null, notice: null },
    pages: { metadata: baseMetadata(), pages: { status: 'ready', value: PAGES }, posts: null, options: null, initial: null, notice: null },
    'posts-loading': {
      metadata: pageChosen,
      pages: { status: 'ready', value: PAGES },
      posts: { status: 'loading' },
      options: null,
      initial: null,
      notice: null,
    },
    posts: {
      metadata: pageChosen,
      pages: { status: 'ready', value: PAGES },
      posts: { status: 'ready', value: POSTS },
      options: null,
      initial: null,
      notice: null,
    },
    'options-loading': {
      metadata: postChosen,
      pages: { status: 'ready', value: PAGES },
      posts: { status: 'ready', value: POSTS },
      options: { status: 'loading' },
      initial: null,
      notice: null,
    },
    ready: {
      metadata: postChosen,
      pages: { status: 'ready', value: PAGES },
      posts: { status: 'ready', value: POSTS },
      options: { status: 'ready', value: OPTIONS },
      initial: null,
      notice: null,
    },
  };
  return { ...states[name], ...overrides };
}

export function manyComponents(count: number): Component[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c0mp0nent-${String(i).padStart(4, '0')}-4b1e-9c2d-0a1b2c3d4e5f`,
    name: `Service number ${i} with a fairly descriptive name`,
    currentImpactId: null,
  }));
}

export function manyPosts(count: number): Post[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `P${i}`,
    title: `Incident ${i}`,
    kind: i % 3 === 0 ? ('maintenance' as const) : ('incident' as const),
    url: null,
  }));
}

type Json = Record<string, unknown>;

export function inputBlocks(view: ModalView): Json[] {
  return (view.blocks as unknown as Json[]).filter((b) => b.type === 'input');
}

export function inputBlock(view: ModalView, blockId: string): Json | undefined {
  return inputBlocks(view).find((b) => b.block_id === blockId);
}

export function element(view: ModalView, blockId: string): Json {
  const block = inputBlock(view, blockId);
  if (!block) throw new Error(`no input block ${blockId}`);
  return block.element as Json;
}

/** Every `text` string in a view or message, joined: for "does it say…" assertions. */
export function allText(node: unknown): string {
  const texts: string[] = [];
  const visit = (value: unknown, key: string | null): void => {
    if (typeof value === 'string') {
      if (key === 'text') texts.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, null);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(node, null);
  return texts.join('\n');
}

/**
 * What Slack sends as view.state.values when the view is submitted: every input block, holding its initial
 * value unless `changes` says the user set something else (block id -> element state fields).
 */
export function submitted(view: ModalView, changes: Record<string, Json> = {}): ViewStateValues {
  const values: Record<string, Record<string, Json>> = {};
  for (const block of inputBlocks(view)) {
    const el = block.element as Json;
    const blockId = block.block_id as string;
    const state: Json = { type: el.type };
    switch (el.type) {
      case 'static_select':
      case 'external_select':
        state.selected_option = el.initial_option ?? null;
        break;
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        state.selected_options = el.initial_options ?? [];
        break;
      case 'plain_text_input':
        state.value = el.initial_value ?? null;
        break;
      case 'datetimepicker':
        state.selected_date_time = el.initial_date_time ?? null;
        break;
    }
    values[blockId] = { [el.action_id as string]: { ...state, ...changes[blockId] } };
  }
  return values as unknown as ViewStateValues;
}

/** An option as Slack echoes it back in view state. */
export function picked(text: string, value: string): { text: { type: 'plain_text'; text: string; emoji: true }; value: string } {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}
