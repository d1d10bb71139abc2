import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import type { Choice, Component, PostOptions } from '../../providers/provider.js';
import type { UpdateDraft } from '../../updates/draft.js';
import { plainText } from './elements.js';
import { componentOption, option } from './form-choices.js';
import { FORM_ACTIONS, FORM_BLOCKS, NONE_OPTION_VALUE, impactBlockId } from './ids.js';

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

function impactOptions(impacts: Choice[], room: number): PlainTextOption[] {
  return impacts.slice(0, room).map((impact) => option(impact.label, impact.id));
}

export function buildPerComponentImpactBlocks(options: PostOptions, initial: UpdateDraft | null): InputBlock[] {
  const levels = impactOptions(options.impacts, STATIC_SELECT_MAX_OPTIONS - 1);
  return options.components.map((component) => {
    const initialId = initialImpactId(component, initial);
    const initialOption = levels.find((level) => level.value === initialId) ?? NOT_AFFECTED;
    return {
      type: 'input',
      block_id: impactBlockId(component.id),
      optional: true,
      label: plainText(component.name, 2000),
      element: {
        type: 'static_select',
        action_id: FORM_ACTIONS.componentImpact,
        options: [NOT_AFFECTED, ...levels],
        initial_option: initialOption,
      },
    };
  });
}

/**
 * The draft's impact when editing; otherwise what the provider says the component is at now, so publishing
 * leaves untouched components as they are. An id the select does not offer falls back to "Not affected".
 */
function initialImpactId(component: Component, initial: UpdateDraft | null): string | null {
  if (initial) {
    return initial.impacts.find((impact) => impact.component.id === component.id)?.impact.id ?? null;
  }
  return component.currentImpactId;
}

export function buildBulkImpactBlocks(
  options: PostOptions,
  layout: 'bulk-static' | 'bulk-external',
  initial: UpdateDraft | null,
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
              options.components
                .filter((component) => chosen.some((impact) => impact.component.id === component.id))
                .map(componentOption),
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
  return [componentsBlock, impactBlock];
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
