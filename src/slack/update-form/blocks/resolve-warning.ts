import type { InputBlock, KnownBlock, PlainTextOption, SectionBlock } from '@slack/types';
import type { Choice, PostOptions } from '../../../providers/provider.js';
import type { FormMetadata } from '../form-metadata.js';
import { escapeMrkdwn, truncate } from '../../../slack-kit/mrkdwn.js';
import {
  FORM_ACTIONS,
  FORM_BLOCKS,
  NONE_OPTION_VALUE,
  RESET_COMPONENTS_ACTION,
  RESET_COMPONENTS_BLOCK_ID,
  RESOLVE_WARNING_BLOCK_ID,
  impactBlockId,
  statusBlockId,
} from './update-form-ids.js';

// Resolving an incident (or completing maintenance) while components still show a problem leaves the
// status page saying "resolved" above a red component. When the user picks such a status, the form
// warns and offers, ticked by default, to set every affected component back to operational: the form is
// read with them set (read-update-form.ts), so the preview shows each change before anything is published.

export interface ImpactedComponent {
  id: string;
  name: string;
  impactLabel: string;
}

export interface ResolveWarning {
  components: ImpactedComponent[];
  /**
   * The operational status the checkbox sets them to; null where it cannot (no such status, or one select for
   * many components, where the form does not know each one's status).
   */
  operational: Choice | null;
}

/** view.state.values, read loosely: the payload comes from outside. */
type LooseValues = Record<
  string,
  | Record<
      string,
      {
        selected_option?: { value: string; text: { text: string } } | null;
        selected_options?: { value: string; text: { text: string } }[] | null;
      }
    >
  | undefined
>;

const normalise = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** "resolved" (incidents) or "completed" (maintenance), by id or by label, in every provider's vocabulary. */
export function isClosingStatus(choice: Choice): boolean {
  return [choice.id, choice.label].some((text) => ['resolved', 'completed'].includes(normalise(text)));
}

export function operationalImpact(impacts: Choice[]): Choice | undefined {
  return impacts.find((impact) => normalise(impact.id) === 'operational' || normalise(impact.label) === 'operational');
}

/** The warning the form should show for what the user has picked so far, or null. */
export function resolveWarningFor(values: unknown, metadata: FormMetadata, options: PostOptions): ResolveWarning | null {
  const state = (typeof values === 'object' && values !== null ? values : {}) as LooseValues;
  const status = state[statusBlockId(null, metadata.statusRevision ?? 0)]?.[FORM_ACTIONS.status]?.selected_option;
  if (!status || !isClosingStatus({ id: status.value, label: status.text.text })) return null;
  const operational = operationalImpact(options.impacts);
  const labels = new Map(options.impacts.map((impact) => [impact.id, impact.label]));
  const impacted = (impactId: string | null | undefined): impactId is string =>
    !!impactId && impactId !== NONE_OPTION_VALUE && impactId !== operational?.id;

  const components: ImpactedComponent[] = [];
  if (metadata.components.length > 0) {
    for (const component of metadata.components) {
      const picked = state[impactBlockId(component.id)]?.[FORM_ACTIONS.componentImpact]?.selected_option;
      const impactId = picked ? picked.value : component.current;
      if (impacted(impactId))
        components.push({ id: component.id, name: component.name, impactLabel: picked?.text.text ?? labels.get(impactId) ?? impactId });
    }
    return components.length > 0 ? { components, operational: operational ?? null } : null;
  }
  // Many components, one multi-select: what they are at now, with the user's pick laid over it.
  const byId = new Map<string, ImpactedComponent>();
  for (const component of options.components) {
    if (impacted(component.currentImpactId)) {
      byId.set(component.id, {
        id: component.id,
        name: component.name,
        impactLabel: labels.get(component.currentImpactId) ?? component.currentImpactId,
      });
    }
  }
  const chosen = state[FORM_BLOCKS.bulkComponents]?.[FORM_ACTIONS.bulkComponents]?.selected_options ?? [];
  const level = state[FORM_BLOCKS.bulkImpact]?.[FORM_ACTIONS.bulkImpact]?.selected_option;
  if (level) {
    for (const component of chosen) {
      if (impacted(level.value))
        byId.set(component.value, { id: component.value, name: component.text.text, impactLabel: level.text.text });
      else byId.delete(component.value);
    }
  }
  return byId.size > 0 ? { components: [...byId.values()], operational: null } : null;
}

const LISTED_MAX = 8;
/** Slack's limit on an option's value. */
const OPTION_VALUE_MAX = 150;

/** The checkbox's option: its value carries the operational status, so reading the form needs nothing else. */
export function resetOption(operational: Choice): PlainTextOption | null {
  const value = JSON.stringify([operational.id, operational.label]);
  if (value.length > OPTION_VALUE_MAX) return null;
  return { text: { type: 'plain_text', text: 'Set every affected component back to operational', emoji: true }, value };
}

/** The operational status a ticked checkbox's value names, or null for a value that is not one of ours. */
export function parseResetOptionValue(value: string): Choice | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string' && part !== ''))
      return { id: parsed[0], label: parsed[1] };
  } catch {
    // not ours: refused below
  }
  return null;
}

export function resolveWarningBlocks(warning: ResolveWarning): KnownBlock[] {
  const { components } = warning;
  const listed = components
    .slice(0, LISTED_MAX)
    .map((c) => `*${escapeMrkdwn(truncate(c.name, 80))}* (${escapeMrkdwn(truncate(c.impactLabel, 40))})`)
    .join(', ');
  const more = components.length > LISTED_MAX ? ` and ${components.length - LISTED_MAX} more` : '';
  const count = components.length === 1 ? '1 component still shows' : `${components.length} components still show`;
  const option = warning.operational ? resetOption(warning.operational) : null;
  const advice = option
    ? 'Below, they are set back to operational; untick it if they really are still affected.'
    : 'Pick them under "Impacted services" with the operational status, or publish as it is.';
  const section: SectionBlock = {
    type: 'section',
    block_id: RESOLVE_WARNING_BLOCK_ID,
    text: { type: 'mrkdwn', text: `:warning: You are closing this while ${count} a problem: ${listed}${more}. ${advice}`, verbatim: true },
  };
  if (!option) return [section];
  const reset: InputBlock = {
    type: 'input',
    block_id: RESET_COMPONENTS_BLOCK_ID,
    optional: true,
    label: { type: 'plain_text', text: 'Components', emoji: true },
    element: { type: 'checkboxes', action_id: RESET_COMPONENTS_ACTION, options: [option], initial_options: [option] },
  };
  return [section, reset];
}
