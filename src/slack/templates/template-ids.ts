// The ids of the template modals' blocks, actions and callbacks: shared by the views, the listeners and the tests.

export const TEMPLATE_LIST_CALLBACK_ID = 'herald_template_list';
export const TEMPLATE_FORM_CALLBACK_ID = 'herald_template_form';
export const TEMPLATE_DELETE_CALLBACK_ID = 'herald_template_delete_confirm';

export const TEMPLATE_ADD_ACTION = 'herald_template_add';
export const TEMPLATE_EDIT_ACTION = 'herald_template_edit';
export const TEMPLATE_DELETE_ACTION = 'herald_template_delete';
export const TEMPLATE_PREVIEW_ACTION = 'herald_template_preview';

/** The list's first block, which holds "Add template". */
export const TEMPLATE_LIST_HEADER_BLOCK = 'template_list_header';
/** Each template's Edit and Delete, in the list: this prefix and the template's id. */
export const TEMPLATE_ROW_BLOCK_PREFIX = 'template:';

/** Every input's element has this action id; the block id says which field it is. */
export const TEMPLATE_INPUT_ACTION = 'value';

export const TEMPLATE_FORM_BLOCKS = {
  name: 'template_name',
  stage: 'template_stage',
  title: 'template_title',
  body: 'template_body',
  preview: 'template_preview',
  previewActions: 'template_preview_actions',
} as const;
