import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import type { Choice, Component, PostOptions } from '../../../providers/provider.js';
import type { UpdateDraft } from '../../../updates/draft.js';
import { encodeFormMetadata, tryEncodeFormMetadata, type FormMetadata } from '../form-metadata.js';
import { escapeMrkdwn, truncate } from '../../../slack-kit/mrkdwn.js';
import { contextLine, plainText } from '../../../slack-kit/elements.js';
import { componentOption, option } from './form-choices.js';
import { operationalImpact } from './resolve-warning.js';
import { FORM_ACTIONS, FORM_BLOCKS, NONE_OPTION_VALUE, impactBlockId } from './update-form-ids.js';

// The "impacted services" part of the form. A handful of components get one select each (the clearest form);
// beyond that a view would run out of blocks, so the user picks the services in one multi-select and gives
// them one impact. Past 100 components even that select must load its options from the options listener.

/** Up to this many components, one select each. */
export const PER_COMPONENT_SELECT_MAX = 20;
/** Slack's cap on the options of a static select. */
export const STATIC_SELECT_MAX_OPTIONS = 100;

export type ImpactLayout = 'none' | 'per-component' | 'bulk-static' | 'bulk-external';

export function chooseImpactLayout(options: PostOptions): ImpactLayout {
  if (options.impacts.length === 0 || options.components.length === 0) return 'none';
  if (options.components.length <= PER_COMPONENT_SELECT_MAX) return 'per-component';
  if (options.components.length <= STATIC_SELECT_MAX_OPTIONS) return 'bulk-static';
  return 'bulk-external';
}

const NOT_AFFECTED = option('Not affected', NONE_OPTION_VALUE);
/** Where components keep their status unless changed, and the current one is unknown. */
const UNCHANGED = option('Unchanged', NONE_OPTION_VALUE);

/** How the impact selects start. */
export interface ImpactFormContext {
  /** The provider keeps components the update leaves out: each select starts at the component's current status. */
  keepUnlessChanged: boolean;
}

const PLAIN_CONTEXT: ImpactFormContext = { keepUnlessChanged: false };

/**
 * The impact blocks and the private_metadata that names them. Components get one select each only when their
 * names and ids fit in the metadata; otherwise the form falls back to one multi-select, which needs none.
 */
export function buildImpactSection(
  options: PostOptions | null,
  metadata: FormMetadata,
  initial: UpdateDraft | null,
): { blocks: KnownBlock[]; privateMetadata: string } {
  const withoutComponents = { ...metadata, components: [] };
  if (options === null) return { blocks: [], privateMetadata: encodeFormMetadata(withoutComponents) };
  const keepUnlessChanged = metadata.capabilities?.componentsKeepUnlessChanged === true;
  const context: ImpactFormContext = { keepUnlessChanged };
  const layout = chooseImpactLayout(options);
  if (layout === 'per-component') {
    const components = options.components.map((c) => ({
      id: c.id,
      name: c.name,
      ...(keepUnlessChanged ? { current: c.currentImpactId } : {}),
    }));
    const encoded = tryEncodeFormMetadata({ ...metadata, components });
    if (encoded !== null) {
      return { blocks: buildPerComponentImpactBlocks(options, initial, context), privateMetadata: encoded };
    }
    return {
      blocks: buildBulkImpactBlocks(options, 'bulk-static', initial, keepUnlessChanged),
      privateMetadata: encodeFormMetadata(withoutComponents),
    };
  }
  const blocks = layout === 'none' ? [] : buildBulkImpactBlocks(options, layout, initial, keepUnlessChanged);
  return { blocks, privateMetadata: encodeFormMetadata(withoutComponents) };
}

function impactOptions(impacts: Choice[], room: number): PlainTextOption[] {
  return impacts.slice(0, room).map((impact) => option(impact.label, impact.id));
}

export function buildPerComponentImpactBlocks(
  options: PostOptions,
  initial: UpdateDraft | null,
  context: ImpactFormContext = PLAIN_CONTEXT,
): InputBlock[] {
  const levels = impactOptions(options.impacts, STATIC_SELECT_MAX_OPTIONS - 1);
  const labels = new Map(options.impacts.map((impact) => [impact.id, impact.label]));
  return options.components.map((component) => {
    const current = context.keepUnlessChanged ? component.currentImpactId : null;
    const currentLabel = current === null ? undefined : labels.get(current);
    // Keeping unless changed, the select starts at the current status and offers no "not affected".
    const first = context.keepUnlessChanged ? (currentLabel === undefined ? [UNCHANGED] : []) : [NOT_AFFECTED];
    const choices = [...first, ...levels];
    const initialId = initialImpactId(component, initial, context.keepUnlessChanged);
    const initialOption = choices.find((choice) => choice.value === initialId) ?? choices[0]!;
    return {
      type: 'input',
      block_id: impactBlockId(component.id),
      optional: true,
      label: plainText(component.name, 2000),
      ...(currentLabel === undefined ? {} : { hint: plainText(`Now: ${currentLabel}`) }),
      element: {
        type: 'static_select',
        action_id: FORM_ACTIONS.componentImpact,
        options: choices,
        initial_option: initialOption,
      },
    };
  });
}

/**
 * The draft's impact when editing; otherwise what the provider says the component is at now, so publishing
 * leaves untouched components as they are. An id the select does not offer falls back to its first option.
 */
function initialImpactId(component: Component, initial: UpdateDraft | null, keepUnlessChanged: boolean): string | null {
  if (initial) {
    const drafted = initial.impacts.find((impact) => impact.component.id === component.id)?.impact.id;
    return drafted ?? (keepUnlessChanged ? component.currentImpactId : null);
  }
  return component.currentImpactId;
}

export function buildBulkImpactBlocks(
  options: PostOptions,
  layout: 'bulk-static' | 'bulk-external',
  initial: UpdateDraft | null,
  keepUnlessChanged = false,
): KnownBlock[] {
  const chosen = initial?.impacts ?? [];
  const levels = impactOptions(options.impacts, STATIC_SELECT_MAX_OPTIONS);
  const componentsBlock: InputBlock =
    layout === 'bulk-static'
      ? {
          type: 'input',
          block_id: FORM_BLOCKS.bulkComponents,
          optional: true,
          label: plainText('Impacted services'),
          element: {
            type: 'multi_static_select',
            action_id: FORM_ACTIONS.bulkComponents,
            placeholder: plainText('Choose services'),
            options: options.components.map(componentOption),
            ...nonEmpty(
              'initial_options',
              options.components.filter((component) => chosen.some((impact) => impact.component.id === component.id)).map(componentOption),
            ),
          },
        }
      : {
          type: 'input',
          block_id: FORM_BLOCKS.bulkComponents,
          optional: true,
          label: plainText('Impacted services'),
          hint: plainText('Type to search the services on this page'),
          element: {
            type: 'multi_external_select',
            action_id: FORM_ACTIONS.bulkComponents,
            placeholder: plainText('Search services'),
            min_query_length: 0,
            ...nonEmpty(
              'initial_options',
              chosen.map((impact) => componentOption({ id: impact.component.id, name: impact.component.label })),
            ),
          },
        };
  const initialLevel = levels.find((level) => level.value === mostCommonImpactId(chosen));
  const impactBlock: InputBlock = {
    type: 'input',
    block_id: FORM_BLOCKS.bulkImpact,
    optional: true,
    label: plainText('Impact on them'),
    element: {
      type: 'static_select',
      action_id: FORM_ACTIONS.bulkImpact,
      placeholder: plainText('Choose an impact'),
      options: levels,
      ...(initialLevel ? { initial_option: initialLevel } : {}),
    },
  };
  const now = keepUnlessChanged ? currentStatusLine(options) : null;
  return [...(now ? [now] : []), componentsBlock, impactBlock];
}

/** Too many components for a select each: the ones not operational now are named above the picker. */
function currentStatusLine(options: PostOptions): KnownBlock | null {
  const operational = operationalImpact(options.impacts)?.id;
  const labels = new Map(options.impacts.map((impact) => [impact.id, impact.label]));
  const troubled = options.components.filter((c) => c.currentImpactId !== null && c.currentImpactId !== operational);
  if (troubled.length === 0) return contextLine('Now: every service is operational. Services you do not pick stay as they are.');
  const shown = troubled
    .slice(0, 15)
    .map((c) => `${escapeMrkdwn(truncate(c.name, 60))} (${escapeMrkdwn(labels.get(c.currentImpactId!) ?? c.currentImpactId!)})`);
  const more = troubled.length > shown.length ? `, and ${troubled.length - shown.length} more` : '';
  return contextLine(`Now: ${shown.join(', ')}${more}; the others are operational. Services you do not pick stay as they are.`);
}

// Slack rejects an empty initial_options array, so the field is left out instead.
function nonEmpty<K extends string>(key: K, options: PlainTextOption[]): { [P in K]?: PlainTextOption[] } {
  return (options.length > 0 ? { [key]: options } : {}) as { [P in K]?: PlainTextOption[] };
}

/** A bulk form gives one impact to all; an edited draft from it has one, otherwise take the most frequent. */
function mostCommonImpactId(impacts: UpdateDraft['impacts']): string | null {
  const counts = new Map<string, number>();
  for (const impact of impacts) counts.set(impact.impact.id, (counts.get(impact.impact.id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = id;
  return best;
}
