// The ids of the "Correct last update" button on the echo, the correction modal and the views that follow it.

/** "Correct last update" on the echo; its value is the submission id. */
export const CORRECT_LAST_UPDATE_ACTION = 'correct_last_update';
export const ECHO_ACTIONS_BLOCK_ID = 'echo_actions';
/** The correction modal, its one input, and the views that follow it. */
export const CORRECTION_FORM_CALLBACK_ID = 'status_update_correction';
export const CORRECTION_MESSAGE_BLOCK_ID = 'correction_message';
export const CORRECTION_MESSAGE_ACTION = 'correction_message_input';
export const CORRECTION_RESULT_CALLBACK_ID = 'status_update_correction_result';
