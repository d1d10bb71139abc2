// The ids of the views that follow a submit: "Publishing…", the result, and its "Edit and retry" button.

export const PUBLISHING_VIEW_CALLBACK_ID = 'status_update_publishing';
export const RESULT_VIEW_CALLBACK_ID = 'status_update_result';

/** The button on the failed-result view that brings the form back; its value is the submission id. */
export const EDIT_AND_RETRY_ACTION = 'edit_and_retry';
/** The block holding that button. */
export const FAILURE_ACTIONS_BLOCK_ID = 'failure_actions';
