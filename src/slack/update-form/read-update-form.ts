import { dateTimeSchema, isRecord, multiSelectSchema, readField, selectSchema, textSchema } from './view-state-fields.js';
import { MESSAGE_MAX_LENGTH, NEXT_UPDATE_MINUTES, updateDraftSchema, type UpdateDraft } from '../../updates/draft.js';
import { parsePageOptionValue, parsePostOptionValue, pageOptionValue, postOptionValue } from './blocks/form-choices.js';
import type { FormMetadata } from './form-metadata.js';
import { parseLinkOptionValue } from '../channel-links/link-form.js';
import { LINKED_PAGES_ACTIONS, LINKED_PAGES_BLOCKS, REMEMBER_OPTION_VALUE } from './blocks/update-form-links.js';
import type { ShownLink, TickedPage } from '../../submitting/linked-publishing.js';
import {
  FORM_ACTIONS,
  FORM_BLOCKS,
  NONE_OPTION_VALUE,
  NOTIFY_OPTION_VALUE,
  RESET_COMPONENTS_ACTION,
  RESET_COMPONENTS_BLOCK_ID,
  impactBlockId,
  messageBlockId,
  severityBlockId,
  titleBlockId,
  statusBlockId,
} from './blocks/update-form-ids.js';
import { readOpening } from './read-opening.js';
import { parseResetOptionValue } from './blocks/resolve-warning.js';
import type { Choice } from '../../providers/provider.js';
import { providerDisplayName } from '../../slack-kit/provider-names.js';

// Reads a submitted form (view.state.values) into an UpdateDraft, or into field errors keyed by input block id,
// which is what `response_action: "errors"` wants. The payload comes from outside: nothing here trusts its
// shape, and nothing here throws on it.

/** One element's state as Slack sends it; loosely typed because it is validated field by field. */
export interface ViewStateElement {
  type?: string;
  value?: string | null;
  selected_option?: { text: { text: string }; value: string } | null;
  selected_options?: { text: { text: string }; value: string }[] | null;
  selected_date_time?: number | null;
}

/** `view.state.values`: block id -> action id -> element state. */
export type ViewStateValues = Record<string, Record<string, ViewStateElement>>;

export type ParseResult = { ok: true; draft: UpdateDraft } | { ok: false; errors: Record<string, string> };

/** Allowed clock skew between Slack's date picker and us before "reported at" counts as the future. */
export const REPORTED_AT_FUTURE_TOLERANCE_MS = 5 * 60_000;

export const FIELD_ERRORS = {
  page: 'Choose a status page',
  post: 'Choose the incident or maintenance to update',
  status: 'Choose a status',
  severity: 'Choose a severity',
  message: 'Write the update: it is what customers will read',
  messageTooLong: `Keep the update to ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters or fewer`,
  bulkImpact: 'Choose the impact on the services you picked',
  bulkComponents: 'Choose the services this impact applies to',
  reportedAtFuture: "Reported at can't be in the future",
  unknownChoice: 'That choice is no longer available; pick again',
  stale: 'The form is still catching up with this choice; wait a moment and submit again',
  unreadable: 'This field came back unreadable; fill it in again',
  stillLoading: 'The form is still loading; wait a moment and submit again',
  formUnreadable: 'The form came back unreadable; close it and run /status-update again',
} as const;

export function parseUpdateForm(values: ViewStateValues, metadata: FormMetadata, now: Date): ParseResult {
  const state: unknown = values;
  const messageBlock = messageBlockId(metadata.messageRevision ?? 0);
  if (!isRecord(state)) return { ok: false, errors: { [messageBlock]: FIELD_ERRORS.formUnreadable } };
  const errors: Record<string, string> = {};
  const fail = (blockId: string, message: string): null => {
    errors[blockId] ??= message;
    return null;
  };

  const page = readPage(state, metadata, fail);
  const kindOpened = metadata.opening?.kind ?? null;
  const opened =
    page && metadata.opening
      ? readOpening(state, metadata.opening, providerDisplayName(page.provider), now, fail, titleBlockId(metadata.titleRevision ?? 0))
      : null;
  const post = page && (metadata.opening ? (opened?.post ?? null) : readPost(state, metadata, fail));
  const status =
    page && readChoice(state, statusBlockId(kindOpened, metadata.statusRevision ?? 0), FORM_ACTIONS.status, FIELD_ERRORS.status, fail);
  if (post && status === undefined) fail(messageBlock, FIELD_ERRORS.stillLoading);
  // Opening a post, the severity (or impact) is read wherever the form showed one.
  const severity =
    metadata.opening || metadata.capabilities?.severity
      ? readChoice(state, severityBlockId(kindOpened), FORM_ACTIONS.severity, FIELD_ERRORS.severity, fail)
      : undefined;
  const message = readMessage(state, messageBlock, fail);
  const resetTo = readResetToOperational(state, fail);
  const impacts = [...readComponentImpacts(state, metadata, resetTo, fail), ...readBulkImpacts(state, fail)];
  const notifySubscribers = readNotify(state, fail);
  const nextUpdateMinutes = readNextUpdate(state, fail);
  const reportedAt = metadata.capabilities?.reportedAt && !metadata.opening ? readReportedAt(state, now, fail) : null;

  if (Object.keys(errors).length > 0 || !page || !post || !status || message === null) return { ok: false, errors };
  const draft = updateDraftSchema.safeParse({
    provider: page.provider,
    page: { id: page.id, name: page.name, url: page.url },
    post,
    status,
    severity: severity ?? null,
    message,
    impacts,
    notifySubscribers,
    nextUpdateMinutes,
    reportedAt,
    ...(opened ? { opening: opened.opening } : {}),
  });
  if (!draft.success) return { ok: false, errors: { [messageBlock]: FIELD_ERRORS.formUnreadable } };
  return { ok: true, draft: draft.data };
}

type Fail = (blockId: string, message: string) => null;
type Values = Record<string, unknown>;

/**
 * The page comes from the metadata (it has the name and URL); the select must agree with it, or the user
 * changed it and the form has not caught up yet. Without the select (still loading), the metadata decides.
 */
function readPage(values: Values, metadata: FormMetadata, fail: Fail): FormMetadata['page'] {
  const field = readField(values, FORM_BLOCKS.page, FORM_ACTIONS.page, selectSchema);
  if (!field.present) return metadata.page ?? fail(messageBlockId(metadata.messageRevision ?? 0), FIELD_ERRORS.stillLoading);
  if (field.data === null) return fail(FORM_BLOCKS.page, FIELD_ERRORS.unreadable);
  const selected = field.data.selected_option;
  if (!selected) return fail(FORM_BLOCKS.page, FIELD_ERRORS.page);
  if (parsePageOptionValue(selected.value) === null) return fail(FORM_BLOCKS.page, FIELD_ERRORS.unknownChoice);
  if (!metadata.page || pageOptionValue(metadata.page) !== selected.value) return fail(FORM_BLOCKS.page, FIELD_ERRORS.stale);
  return metadata.page;
}

function readPost(values: Values, metadata: FormMetadata, fail: Fail): FormMetadata['post'] {
  const field = readField(values, FORM_BLOCKS.post, FORM_ACTIONS.post, selectSchema);
  if (!field.present) return metadata.post ?? fail(messageBlockId(metadata.messageRevision ?? 0), FIELD_ERRORS.post);
  if (field.data === null) return fail(FORM_BLOCKS.post, FIELD_ERRORS.unreadable);
  const selected = field.data.selected_option;
  if (!selected) return fail(FORM_BLOCKS.post, FIELD_ERRORS.post);
  if (parsePostOptionValue(selected.value) === null) return fail(FORM_BLOCKS.post, FIELD_ERRORS.unknownChoice);
  if (!metadata.post || postOptionValue(metadata.post) !== selected.value) return fail(FORM_BLOCKS.post, FIELD_ERRORS.stale);
  return metadata.post;
}

/** A required select of provider records: the chosen `{id, label}`, null on error, undefined when not shown. */
function readChoice(
  values: Values,
  blockId: string,
  actionId: string,
  missing: string,
  fail: Fail,
): { id: string; label: string } | null | undefined {
  const field = readField(values, blockId, actionId, selectSchema);
  if (!field.present) return undefined;
  if (field.data === null) return fail(blockId, FIELD_ERRORS.unreadable);
  const selected = field.data.selected_option;
  if (!selected) return fail(blockId, missing);
  if (selected.value === '') return fail(blockId, FIELD_ERRORS.unknownChoice);
  return { id: selected.value, label: selected.text.text };
}

function readMessage(values: Values, blockId: string, fail: Fail): string | null {
  const field = readField(values, blockId, FORM_ACTIONS.message, textSchema);
  if (!field.present) return fail(blockId, FIELD_ERRORS.message);
  if (field.data === null) return fail(blockId, FIELD_ERRORS.unreadable);
  const message = (field.data.value ?? '').trim();
  if (message === '') return fail(blockId, FIELD_ERRORS.message);
  if (message.length > MESSAGE_MAX_LENGTH) return fail(blockId, FIELD_ERRORS.messageTooLong);
  return message;
}

/** What the message box holds right now (empty when it cannot be read), for the actions that offer to replace it. */
export function typedMessage(values: unknown, metadata: FormMetadata): string {
  if (!isRecord(values)) return '';
  const field = readField(values, messageBlockId(metadata.messageRevision ?? 0), FORM_ACTIONS.message, textSchema);
  return field.present ? (field.data?.value ?? '') : '';
}

/** The status chosen right now, or null when none is (or it cannot be read). */
export function chosenStatusId(values: unknown, metadata: FormMetadata): string | null {
  if (!isRecord(values)) return null;
  const field = readField(
    values,
    statusBlockId(metadata.opening?.kind ?? null, metadata.statusRevision ?? 0),
    FORM_ACTIONS.status,
    selectSchema,
  );
  return (field.present ? field.data?.selected_option?.value : null) || null;
}

/** The title typed in the create form right now; empty when none is (or it is not the create form). */
export function typedTitle(values: unknown, metadata: FormMetadata): string {
  if (!isRecord(values)) return '';
  const field = readField(values, titleBlockId(metadata.titleRevision ?? 0), FORM_ACTIONS.title, textSchema);
  return field.present ? (field.data?.value ?? '') : '';
}

type Impact = UpdateDraft['impacts'][number];

/** The operational status the ticked "set every affected component back to operational" names; null when not ticked. */
function readResetToOperational(values: Values, fail: Fail): Choice | null {
  const field = readField(values, RESET_COMPONENTS_BLOCK_ID, RESET_COMPONENTS_ACTION, multiSelectSchema);
  if (!field.present) return null;
  if (field.data === null) return fail(RESET_COMPONENTS_BLOCK_ID, FIELD_ERRORS.unreadable);
  const [ticked] = field.data.selected_options ?? [];
  if (!ticked) return null;
  return parseResetOptionValue(ticked.value) ?? fail(RESET_COMPONENTS_BLOCK_ID, FIELD_ERRORS.unknownChoice);
}

/**
 * One select per component, named from the metadata; "Not affected" leaves the component out. Where the
 * provider keeps components the update leaves out, a select still at the component's current status is
 * left out too: only what the user changed is sent. Closing with "set every affected component back to
 * operational" ticked (`resetTo`), every component left at a problem is sent as operational instead.
 */
function readComponentImpacts(values: Values, metadata: FormMetadata, resetTo: Choice | null, fail: Fail): Impact[] {
  const impacts: Impact[] = [];
  const onlyChanges = metadata.capabilities?.componentsKeepUnlessChanged === true;
  for (const component of metadata.components) {
    const blockId = impactBlockId(component.id);
    const field = readField(values, blockId, FORM_ACTIONS.componentImpact, selectSchema);
    if (!field.present) continue;
    if (field.data === null) {
      fail(blockId, FIELD_ERRORS.unreadable);
      continue;
    }
    const picked = field.data.selected_option;
    if (!picked || picked.value === NONE_OPTION_VALUE) continue;
    const selected = resetTo && picked.value !== '' ? { value: resetTo.id, text: { text: resetTo.label } } : picked;
    if (onlyChanges && selected.value === component.current) continue;
    if (selected.value === '') {
      fail(blockId, FIELD_ERRORS.unknownChoice);
      continue;
    }
    impacts.push({
      component: { id: component.id, label: component.name },
      impact: { id: selected.value, label: selected.text.text },
    });
  }
  return impacts;
}

/** Many services, one impact: both halves are needed, or neither. */
function readBulkImpacts(values: Values, fail: Fail): Impact[] {
  const components = readField(values, FORM_BLOCKS.bulkComponents, FORM_ACTIONS.bulkComponents, multiSelectSchema);
  const level = readField(values, FORM_BLOCKS.bulkImpact, FORM_ACTIONS.bulkImpact, selectSchema);
  if (!components.present && !level.present) return [];
  if (components.present && components.data === null) return fail(FORM_BLOCKS.bulkComponents, FIELD_ERRORS.unreadable) ?? [];
  if (level.present && level.data === null) return fail(FORM_BLOCKS.bulkImpact, FIELD_ERRORS.unreadable) ?? [];
  const chosen = (components.present ? components.data?.selected_options : null) ?? [];
  const impact = (level.present ? level.data?.selected_option : null) ?? null;
  if (chosen.length === 0 && impact === null) return [];
  if (chosen.length === 0) return fail(FORM_BLOCKS.bulkComponents, FIELD_ERRORS.bulkComponents) ?? [];
  if (impact === null) return fail(FORM_BLOCKS.bulkImpact, FIELD_ERRORS.bulkImpact) ?? [];
  if (impact.value === '' || chosen.some((c) => c.value === '')) {
    return fail(impact.value === '' ? FORM_BLOCKS.bulkImpact : FORM_BLOCKS.bulkComponents, FIELD_ERRORS.unknownChoice) ?? [];
  }
  return chosen.map((component) => ({
    component: { id: component.value, label: component.text.text },
    impact: { id: impact.value, label: impact.text.text },
  }));
}

/** Checked by default: a form without the checkbox notifies, like the providers do. */
function readNotify(values: Values, fail: Fail): boolean {
  const field = readField(values, FORM_BLOCKS.notify, FORM_ACTIONS.notify, multiSelectSchema);
  if (!field.present) return true;
  if (field.data === null) return fail(FORM_BLOCKS.notify, FIELD_ERRORS.unreadable) ?? true;
  return (field.data.selected_options ?? []).some((o) => o.value === NOTIFY_OPTION_VALUE);
}

function readNextUpdate(values: Values, fail: Fail): number | null {
  const field = readField(values, FORM_BLOCKS.nextUpdate, FORM_ACTIONS.nextUpdate, selectSchema);
  if (!field.present) return null;
  if (field.data === null) return fail(FORM_BLOCKS.nextUpdate, FIELD_ERRORS.unreadable);
  const value = field.data.selected_option?.value ?? NONE_OPTION_VALUE;
  if (value === NONE_OPTION_VALUE) return null;
  const minutes = NEXT_UPDATE_MINUTES.find((m) => String(m) === value);
  return minutes ?? fail(FORM_BLOCKS.nextUpdate, FIELD_ERRORS.unknownChoice);
}

/** Slack's datetimepicker gives unix seconds; stored as ISO 8601. */
function readReportedAt(values: Values, now: Date, fail: Fail): string | null {
  const field = readField(values, FORM_BLOCKS.reportedAt, FORM_ACTIONS.reportedAt, dateTimeSchema);
  if (!field.present) return null;
  if (field.data === null) return fail(FORM_BLOCKS.reportedAt, FIELD_ERRORS.unreadable);
  const seconds = field.data.selected_date_time;
  if (seconds === null || seconds === undefined) return null;
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || seconds < 0 || Number.isNaN(date.getTime())) {
    return fail(FORM_BLOCKS.reportedAt, FIELD_ERRORS.unreadable);
  }
  if (date.getTime() > now.getTime() + REPORTED_AT_FUTURE_TOLERANCE_MS) {
    return fail(FORM_BLOCKS.reportedAt, FIELD_ERRORS.reportedAtFuture);
  }
  return date.toISOString();
}

/** What the form says about the channel's other links: the pages ticked under "Also publish to", and "Remember". */
export interface LinkChoices {
  alsoPublishTo: TickedPage[];
  remember: boolean;
  /** The channel's links as the form showed them (its metadata). */
  shownLinks: ShownLink[];
}

/** The form's link checkboxes. A value Herald cannot read is no page; an unreadable block is nothing ticked. */
export function readLinkChoices(values: ViewStateValues, metadata: FormMetadata): LinkChoices {
  const state: unknown = values;
  const shownLinks = (metadata.links ?? []).map(({ provider, pageId, pageName, postId, postTitle }) => ({
    provider,
    pageId,
    pageName,
    postId,
    postTitle,
  }));
  if (!isRecord(state)) return { alsoPublishTo: [], remember: false, shownLinks };
  const ticked = readField(state, LINKED_PAGES_BLOCKS.alsoPublish, LINKED_PAGES_ACTIONS.alsoPublish, multiSelectSchema);
  const remember = readField(state, LINKED_PAGES_BLOCKS.remember, LINKED_PAGES_ACTIONS.remember, multiSelectSchema);
  return {
    alsoPublishTo: (ticked.present ? (ticked.data?.selected_options ?? []) : []).flatMap((option) => tickedPage(option.value, metadata)),
    remember: remember.present && (remember.data?.selected_options ?? []).some((option) => option.value === REMEMBER_OPTION_VALUE),
    shownLinks,
  };
}

/** A ticked page with the incident it showed: `provider:page|kind:post` (a bare `provider:page` from older forms). */
function tickedPage(value: string, metadata: FormMetadata): TickedPage[] {
  const linked = parseLinkOptionValue(value);
  if (linked) return [{ ...linked.page, postId: linked.post.postId }];
  const page = parsePageOptionValue(value);
  if (!page) return [];
  const shown = metadata.links?.find((link) => link.provider === page.provider && link.pageId === page.pageId);
  return [{ ...page, postId: shown?.postId ?? null }];
}
