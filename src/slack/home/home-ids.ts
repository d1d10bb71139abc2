// The Home tab's action ids: its buttons come back to Herald as block_actions with these.

export const HOME_POST_UPDATE_ACTION = 'home_post_update';
export const HOME_RESOLVE_ACTION = 'home_resolve';
/** A link button: Slack opens the channel itself, and still tells Herald, which only acknowledges. */
export const HOME_OPEN_CHANNEL_ACTION = 'home_open_channel';
/** "New incident or maintenance…" at the top: the create form, from the app's Messages tab with the person. */
export const HOME_NEW_POST_ACTION = 'home_new_post';
