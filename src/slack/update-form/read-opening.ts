import { NOT_OPENED_YET, TITLE_MAX_LENGTH, type OpeningDraft, type UpdateDraft } from '../../updates/draft.js';
import type { FormMetadata } from './form-metadata.js';
import { FORM_ACTIONS, FORM_BLOCKS, WINDOW_OPTION_VALUES } from './blocks/update-form-ids.js';
import { dateTimeSchema, multiSelectSchema, readField, selectSchema, textSchema } from './view-state-fields.js';

// The fields opening a post adds, read from a submitted form: the kind, the title, and a maintenance's window,
// each checked against what the chosen page's provider takes, with the error under the field concerned.

type Opening = NonNullable<FormMetadata['opening']>;
type Fail = (blockId: string, message: string) => null;
type Values = Record<string, unknown>;

/** How far in the past a maintenance may start: the time it takes to fill in the form, and a clock's drift. */
export const WINDOW_START_PAST_TOLERANCE_MS = 5 * 60_000;

export const OPENING_ERRORS = {
  title: 'Give it a title: it is the headline customers see',
  titleTooLong: (max: number, provider: string) =>
    `Keep the title to ${max.toLocaleString('en-US')} characters or fewer (${provider}'s limit)`,
  stale: 'The form is still catching up with this choice; wait a moment and submit again',
  unreadable: 'This field came back unreadable; fill it in again',
  start: 'Choose when the maintenance starts',
  end: 'Choose when the maintenance ends',
  endBeforeStart: 'The end must be after the start',
  startInPast: 'A maintenance cannot start in the past (more than 5 minutes ago)',
} as const;

/** The post to open and what opening it adds; null when a field is wrong (each reported through `fail`). */
export function readOpening(
  values: Values,
  opening: Opening,
  providerName: string,
  now: Date,
  fail: Fail,
  /** Where the title is: its block id moves when a template fills it (see titleBlockId). */
  titleBlock: string = FORM_BLOCKS.title,
): { post: UpdateDraft['post']; opening: OpeningDraft } | null {
  const kind = readField(values, FORM_BLOCKS.kind, FORM_ACTIONS.kind, selectSchema);
  if (kind.present && kind.data?.selected_option?.value !== opening.kind) return fail(FORM_BLOCKS.kind, OPENING_ERRORS.stale);
  const title = readTitle(values, opening, providerName, fail, titleBlock);
  const window = opening.kind === 'maintenance' ? readWindow(values, opening, now, fail) : null;
  if (title === null || window === undefined) return null;
  return { post: { id: NOT_OPENED_YET, title, kind: opening.kind, url: null }, opening: { title, window } };
}

function readTitle(values: Values, opening: Opening, providerName: string, fail: Fail, blockId: string): string | null {
  const field = readField(values, blockId, FORM_ACTIONS.title, textSchema);
  if (!field.present) return fail(blockId, OPENING_ERRORS.title);
  if (field.data === null) return fail(blockId, OPENING_ERRORS.unreadable);
  // One line: a title is a headline, and a pasted newline would show as nothing on most pages.
  const title = (field.data.value ?? '').replace(/\s+/g, ' ').trim();
  if (title === '') return fail(blockId, OPENING_ERRORS.title);
  const max = opening.capabilities?.titleMaxLength ?? TITLE_MAX_LENGTH;
  if (title.length > max) return fail(blockId, OPENING_ERRORS.titleTooLong(max, providerName));
  return title;
}

/** The window, or undefined when a part of it is wrong. */
function readWindow(values: Values, opening: Opening, now: Date, fail: Fail): OpeningDraft['window'] | undefined {
  const startsAt = readTime(values, FORM_BLOCKS.windowStart, FORM_ACTIONS.windowStart, OPENING_ERRORS.start, fail);
  const endsAt = readTime(values, FORM_BLOCKS.windowEnd, FORM_ACTIONS.windowEnd, OPENING_ERRORS.end, fail);
  if (startsAt === null || endsAt === null) return undefined;
  // Both checked, so each field shows its own error at once.
  const startsInPast = startsAt.getTime() < now.getTime() - WINDOW_START_PAST_TOLERANCE_MS;
  const endsFirst = endsAt.getTime() <= startsAt.getTime();
  if (startsInPast) fail(FORM_BLOCKS.windowStart, OPENING_ERRORS.startInPast);
  if (endsFirst) fail(FORM_BLOCKS.windowEnd, OPENING_ERRORS.endBeforeStart);
  if (startsInPast || endsFirst) return undefined;
  const ticked = readField(values, FORM_BLOCKS.windowOptions, FORM_ACTIONS.windowOptions, multiSelectSchema);
  const chosen = new Set(ticked.present ? (ticked.data?.selected_options ?? []).map((o) => o.value) : []);
  const capabilities = opening.capabilities;
  const automatic = chosen.has(WINDOW_OPTION_VALUES.automatic);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    startAutomatically: automatic && capabilities?.automaticStart === true,
    completeAutomatically: automatic && capabilities?.automaticCompletion === true,
    componentsToMaintenance: chosen.has(WINDOW_OPTION_VALUES.componentsToMaintenance) && capabilities?.componentsToMaintenance === true,
  };
}

/** Slack's datetimepicker gives unix seconds. */
function readTime(values: Values, blockId: string, actionId: string, missing: string, fail: Fail): Date | null {
  const field = readField(values, blockId, actionId, dateTimeSchema);
  if (!field.present) return fail(blockId, missing);
  if (field.data === null) return fail(blockId, OPENING_ERRORS.unreadable);
  const seconds = field.data.selected_date_time;
  if (seconds === null || seconds === undefined) return fail(blockId, missing);
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || seconds < 0 || Number.isNaN(date.getTime())) return fail(blockId, OPENING_ERRORS.unreadable);
  return date;
}
