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
} as const;

/** Changing the page or the post fires block_actions (dispatch_action) so the form can load what depends on it. */
export const PAGE_SELECT_ACTION = FORM_ACTIONS.page;
export const POST_SELECT_ACTION = FORM_ACTIONS.post;
/** The external multi-select of components (more than 100): its options come from the options listener. */
export const BULK_COMPONENTS_ACTION = FORM_ACTIONS.bulkComponents;
export const IMPACT_COMPONENTS_ACTION = BULK_COMPONENTS_ACTION;

/** The message box is in every stage of the form: form-level errors are shown under it. */
export const MESSAGE_BLOCK_ID = FORM_BLOCKS.message;
export const PAGE_BLOCK_ID = FORM_BLOCKS.page;
export const POST_BLOCK_ID = FORM_BLOCKS.post;

/** Picking a status fires block_actions (dispatch_action), so the form can warn about resolving with components still impacted. */
export const STATUS_SELECT_ACTION = FORM_ACTIONS.status;
/** The warning shown when resolving while components are still impacted, and its button. */
export const RESOLVE_WARNING_BLOCK_ID = 'resolve_warning';
export const SET_ALL_OPERATIONAL_ACTION = 'set_all_operational';

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
 * Block id of one component's impact select: `impact:<componentId>`, or `impact:<revision>:<componentId>` once
 * the form has reset the selects (see FormMetadata.impactRevision). An id too long for Slack's 255-character
 * block_id gets a stable hash instead, so the same component always lands on the same block.
 */
export function impactBlockId(componentId: string, revision = 0): string {
  const prefix = revision === 0 ? IMPACT_BLOCK_PREFIX : `${IMPACT_BLOCK_PREFIX}${revision}:`;
  const plain = prefix + componentId;
  if (plain.length <= BLOCK_ID_MAX_LENGTH) return plain;
  return `${prefix}#${fnv1a(componentId)}`;
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
