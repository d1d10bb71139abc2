// The callback, block and action ids of the update form and its preview, in one place so the listeners and the
// builders can't drift apart. Input block/action ids must never change between rebuilds of the form: Slack keeps
// what the user typed across views.update only while both stay the same.

export const UPDATE_FORM_CALLBACK_ID = 'status_update_form';

/** Input blocks of the form; the keys of `response_action: "errors"`. */
export const FORM_BLOCKS = {
  page: 'page',
  post: 'post',
  status: 'status',
  severity: 'severity',
  message: 'message',
  /** Used when there are too many components for one select each. */
  bulkComponents: 'impact_components',
  bulkImpact: 'impact_level',
  notify: 'notify',
  nextUpdate: 'next_update',
  reportedAt: 'reported_at',
  /** Opening a post: its kind, title and (maintenance) window. */
  kind: 'kind',
  title: 'title',
  windowStart: 'window_start',
  windowEnd: 'window_end',
  windowOptions: 'window_options',
} as const;

/** Input elements of the form (one per block). */
export const FORM_ACTIONS = {
  page: 'page_select',
  post: 'post_select',
  status: 'status_select',
  severity: 'severity_select',
  message: 'message_input',
  componentImpact: 'component_impact_select',
  bulkComponents: 'impact_components_select',
  bulkImpact: 'impact_level_select',
  notify: 'notify_checkbox',
  nextUpdate: 'next_update_select',
  reportedAt: 'reported_at_picker',
  kind: 'kind_select',
  title: 'title_input',
  windowStart: 'window_start_picker',
  windowEnd: 'window_end_picker',
  windowOptions: 'window_options_checkboxes',
} as const;

/**
 * Opening a maintenance, the status and severity selects list the maintenance's choices under ids of their own:
 * Slack keeps a pick while the block id stays, and an incident's status is no maintenance status.
 */
export function statusBlockId(kindOpened: 'incident' | 'maintenance' | null, revision = 0): string {
  const base = kindOpened === 'maintenance' ? 'maintenance_status' : FORM_BLOCKS.status;
  // A template sets the status nobody chose at a new revision (FormMetadata.statusRevision), as the message's.
  return revision === 0 ? base : `${base}:${revision}`;
}

/** The create form's title, at a new revision once a template filled it (FormMetadata.titleRevision). */
export function titleBlockId(revision = 0): string {
  return revision === 0 ? FORM_BLOCKS.title : `${FORM_BLOCKS.title}:${revision}`;
}

export function severityBlockId(kindOpened: 'incident' | 'maintenance' | null): string {
  return kindOpened === 'maintenance' ? 'maintenance_severity' : FORM_BLOCKS.severity;
}

/** The "post" select's option that turns the form to opening a post ("New incident or maintenance…"). */
export const NEW_POST_OPTION_VALUE = 'new';

/** Values of the window options checkboxes. */
export const WINDOW_OPTION_VALUES = {
  automatic: 'automatic',
  componentsToMaintenance: 'components_to_maintenance',
} as const;

/** Changing the page or the post fires block_actions (dispatch_action) so the form can load what depends on it. */
export const PAGE_SELECT_ACTION = FORM_ACTIONS.page;
export const POST_SELECT_ACTION = FORM_ACTIONS.post;
/** Opening a post, its kind: the statuses offered depend on it. */
export const KIND_SELECT_ACTION = FORM_ACTIONS.kind;
/** The external multi-select of components (more than 100): its options come from the options listener. */
export const BULK_COMPONENTS_ACTION = FORM_ACTIONS.bulkComponents;
export const IMPACT_COMPONENTS_ACTION = BULK_COMPONENTS_ACTION;

/** The message box is in every stage of the form: form-level errors are shown under it. */
export const MESSAGE_BLOCK_ID = FORM_BLOCKS.message;

/**
 * Block id of the message box: `message`, or `message:<revision>` once the form has put a template's text or the
 * last update's in it (see FormMetadata.messageRevision). Slack keeps what was typed while the block id stays, so
 * replacing the text needs a new one; every other rebuild keeps it, and with it what the user typed.
 */
export function messageBlockId(revision = 0): string {
  return revision === 0 ? FORM_BLOCKS.message : `${FORM_BLOCKS.message}:${revision}`;
}

/** Whether a block id is the message box's, at any revision. */
export function isMessageBlockId(blockId: string | undefined): boolean {
  return blockId === FORM_BLOCKS.message || (blockId?.startsWith(`${FORM_BLOCKS.message}:`) ?? false);
}

/**
 * Above the message: the "Template" select and "Start from the last update", and, when the message already has
 * text, the text offered with a "Replace the message" button. None of them is an input: nothing is read on submit.
 */
export const MESSAGE_TOOLS_BLOCK_ID = 'message_tools';
export const TEMPLATE_SELECT_ACTION = 'template_select';
export const LAST_UPDATE_ACTION = 'start_from_last_update';
export const MESSAGE_OFFER_BLOCK_ID = 'message_offer';
export const REPLACE_MESSAGE_ACTION = 'replace_message';
export const PAGE_BLOCK_ID = FORM_BLOCKS.page;
export const POST_BLOCK_ID = FORM_BLOCKS.post;

/** Picking a status fires block_actions (dispatch_action), so the form can warn about resolving with components still impacted. */
export const STATUS_SELECT_ACTION = FORM_ACTIONS.status;
/**
 * The warning shown when closing while components are still impacted, and its checkbox: "set every affected
 * component back to operational", ticked by default, applied when the form is read.
 */
export const RESOLVE_WARNING_BLOCK_ID = 'resolve_warning';
export const RESET_COMPONENTS_BLOCK_ID = 'reset_components';
export const RESET_COMPONENTS_ACTION = 'reset_components';

/** "Preview" in the form: shows the update as the status page will, in a view pushed over the form. */
export const PREVIEW_ACTION = 'preview_update';
export const PREVIEW_ACTIONS_BLOCK_ID = 'preview_actions';
export const PREVIEW_VIEW_CALLBACK_ID = 'status_update_preview';

/** Value of the single "Notify subscribers" checkbox option. */
export const NOTIFY_OPTION_VALUE = 'notify';
/** Value of "Not affected" in per-component selects and of "None" in "Next update in". */
export const NONE_OPTION_VALUE = 'none';

const IMPACT_BLOCK_PREFIX = 'impact:';
const BLOCK_ID_MAX_LENGTH = 255;

/**
 * Block id of one component's impact select: `impact:<componentId>`. An id too long for Slack's 255-character
 * block_id gets a stable hash instead, so the same component always lands on the same block.
 */
export function impactBlockId(componentId: string): string {
  const plain = IMPACT_BLOCK_PREFIX + componentId;
  if (plain.length <= BLOCK_ID_MAX_LENGTH) return plain;
  return `${IMPACT_BLOCK_PREFIX}#${fnv1a(componentId)}`;
}

// FNV-1a (two 32-bit passes with different seeds): short, deterministic, no dependency, collisions negligible
// for the 20 components a form shows one select each for.
function fnv1a(text: string): string {
  const hash = (seed: number): string => {
    let h = seed;
    for (let i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return hash(0x811c9dc5) + hash(0x050c5d1f);
}
