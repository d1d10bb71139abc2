import type { PostOptions } from '../../providers/provider.js';
import type { TemplateIncident } from '../../templates/template-incident.js';
import { FORM_ACTIONS, FORM_BLOCKS, NONE_OPTION_VALUE, impactBlockId } from './blocks/update-form-ids.js';
import type { FormMetadata } from './form-metadata.js';
import { chosenStatusId, typedTitle } from './read-update-form.js';
import { isRecord, readField, selectSchema } from './view-state-fields.js';

// A template chosen in the form is rendered for the incident as the form shows it at that moment: what is typed
// and picked so far, read leniently (a field not filled in yet is simply not there).

export function templateIncidentOfForm(
  values: unknown,
  metadata: FormMetadata,
  options: PostOptions | null,
  context: { author: string; now: Date; stageLabel: string },
): TemplateIncident {
  const statusId = chosenStatusId(values, metadata);
  const status = options?.statuses.find((choice) => choice.id === statusId)?.label ?? context.stageLabel;
  const minutes = selectedValue(values, FORM_BLOCKS.nextUpdate, FORM_ACTIONS.nextUpdate);
  const nextMinutes = minutes === null || minutes === NONE_OPTION_VALUE ? null : Number(minutes);
  return {
    title: metadata.opening ? typedTitle(values, metadata).trim() : (metadata.post?.title ?? ''),
    page: metadata.page?.name ?? '',
    status,
    components: metadata.components.flatMap((component) => {
      const picked = selectedLabel(values, impactBlockId(component.id), FORM_ACTIONS.componentImpact);
      return picked === null ? [] : [{ name: component.name, status: picked }];
    }),
    nextUpdateAt: nextMinutes !== null && Number.isFinite(nextMinutes) ? new Date(context.now.getTime() + nextMinutes * 60_000) : null,
    author: context.author,
  };
}

function selectedOption(values: unknown, blockId: string, actionId: string): { value: string; text: { text: string } } | null {
  if (!isRecord(values)) return null;
  const field = readField(values, blockId, actionId, selectSchema);
  return field.present ? (field.data?.selected_option ?? null) : null;
}

function selectedValue(values: unknown, blockId: string, actionId: string): string | null {
  return selectedOption(values, blockId, actionId)?.value ?? null;
}

/** A component's picked impact, by its label; null when it is left at "Not affected" or not picked. */
function selectedLabel(values: unknown, blockId: string, actionId: string): string | null {
  const picked = selectedOption(values, blockId, actionId);
  return picked === null || picked.value === NONE_OPTION_VALUE ? null : picked.text.text;
}
