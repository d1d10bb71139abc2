// The callback ids of Herald's Workflow Builder steps: manifest.yml declares the same ids under `functions`.

/** "Post a status page update". */
export const POST_UPDATE_STEP = 'post_status_page_update';
/** "Open a status page incident". */
export const OPEN_INCIDENT_STEP = 'open_status_page_incident';

/** The pickers' lists (dynamic options): the pages, a page's open incidents, and the statuses. */
export const PAGE_OPTIONS_STEP = 'status_page_options';
export const INCIDENT_OPTIONS_STEP = 'status_page_incident_options';
export const STATUS_OPTIONS_STEP = 'status_page_status_options';
