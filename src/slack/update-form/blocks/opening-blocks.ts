import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import type { PostKind, ProviderId } from '../../../providers/provider.js';
import { TITLE_MAX_LENGTH, type UpdateDraft } from '../../../updates/draft.js';
import type { FormMetadata } from '../form-metadata.js';
import { plainText } from '../../../slack-kit/elements.js';
import { NEW_POST_CHOICE, option } from './form-choices.js';
import { FORM_ACTIONS, FORM_BLOCKS, WINDOW_OPTION_VALUES, titleBlockId } from './update-form-ids.js';

// The fields opening a post adds to the form: what kind of post, its title, and a maintenance's window. The
// window's times are Slack date-time pickers: they show each user's own time zone and return an absolute time.

type Opening = NonNullable<FormMetadata['opening']>;

/** First in the list of posts to update: turns the form to opening a new one. */
export const NEW_POST_OPTION: PlainTextOption = option(NEW_POST_CHOICE.text, NEW_POST_CHOICE.value);

const KIND_OPTIONS: Record<PostKind, PlainTextOption> = {
  incident: option('Incident', 'incident'),
  maintenance: option('Scheduled maintenance', 'maintenance'),
};

/** What each provider calls the severity a post is opened with. */
const SEVERITY_LABELS: Record<ProviderId, string> = { pagerduty: 'Severity', devhelm: 'Impact', statuspage: 'Impact' };

export function openingSeverityLabel(provider: ProviderId): string {
  return SEVERITY_LABELS[provider];
}

/** Kind (it changes the statuses offered, so picking one rebuilds the form) and title. */
export function openingBlocks(
  opening: Opening,
  initial: UpdateDraft | null,
  filledTitle: string | null = null,
  titleRevision = 0,
): KnownBlock[] {
  const maxLength = opening.capabilities?.titleMaxLength ?? TITLE_MAX_LENGTH;
  const title = initial?.opening?.title ?? filledTitle ?? '';
  return [
    {
      type: 'input',
      block_id: FORM_BLOCKS.kind,
      dispatch_action: true,
      label: plainText('Open'),
      element: {
        type: 'static_select',
        action_id: FORM_ACTIONS.kind,
        options: [KIND_OPTIONS.incident, KIND_OPTIONS.maintenance],
        initial_option: KIND_OPTIONS[opening.kind],
      },
    },
    {
      type: 'input',
      block_id: titleBlockId(titleRevision),
      label: plainText('Title'),
      hint: plainText('The headline on the status page and in notifications.'),
      element: {
        type: 'plain_text_input',
        action_id: FORM_ACTIONS.title,
        max_length: maxLength,
        placeholder: plainText(opening.kind === 'incident' ? 'Elevated error rates on the API' : 'Database upgrade'),
        ...(title ? { initial_value: title.slice(0, maxLength) } : {}),
      },
    },
  ];
}

/** Start, end and what the page may do by itself during the window. */
export function windowBlocks(opening: Opening, initial: UpdateDraft | null): KnownBlock[] {
  const window = initial?.opening?.window ?? null;
  const seconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : Number.NaN);
  const picker = (blockId: string, actionId: string, label: string, at: number): InputBlock => ({
    type: 'input',
    block_id: blockId,
    label: plainText(label),
    element: { type: 'datetimepicker', action_id: actionId, ...(Number.isFinite(at) ? { initial_date_time: at } : {}) },
  });
  const blocks: KnownBlock[] = [
    picker(FORM_BLOCKS.windowStart, FORM_ACTIONS.windowStart, 'Starts', seconds(window?.startsAt)),
    picker(FORM_BLOCKS.windowEnd, FORM_ACTIONS.windowEnd, 'Ends', seconds(window?.endsAt)),
  ];
  const choices = windowChoices(opening);
  if (choices.length > 0) {
    const ticked = choices.filter((choice) =>
      choice.value === WINDOW_OPTION_VALUES.automatic
        ? (window?.startAutomatically ?? window?.completeAutomatically ?? true)
        : (window?.componentsToMaintenance ?? true),
    );
    blocks.push({
      type: 'input',
      block_id: FORM_BLOCKS.windowOptions,
      optional: true,
      label: plainText('During the window'),
      element: {
        type: 'checkboxes',
        action_id: FORM_ACTIONS.windowOptions,
        options: choices,
        ...(ticked.length > 0 ? { initial_options: ticked } : {}),
      },
    });
  }
  return blocks;
}

/** The window options this page's provider takes; none at all leaves the block out. */
function windowChoices(opening: Opening): PlainTextOption[] {
  const capabilities = opening.capabilities;
  if (!capabilities) return [];
  const choices: PlainTextOption[] = [];
  if (capabilities.automaticStart && capabilities.automaticCompletion) {
    choices.push(option('Start and complete automatically', WINDOW_OPTION_VALUES.automatic));
  } else if (capabilities.automaticCompletion) {
    choices.push(option('Complete automatically at the end', WINDOW_OPTION_VALUES.automatic));
  }
  if (capabilities.componentsToMaintenance) {
    choices.push(option('Set the affected components to maintenance', WINDOW_OPTION_VALUES.componentsToMaintenance));
  }
  return choices;
}
