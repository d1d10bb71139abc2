import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';

type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Someone opened Herald's Home tab: publish it for them (home/home-viewers.ts paces it and remembers them for an hour). */
export function handleAppHomeOpened(deps: ListenerDeps) {
  return async ({ event, body, context }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== 'home' || !deps.homeViewers || typeof event.user !== 'string') return;
    deps.homeViewers.opened({
      teamId: context.teamId ?? body.team_id ?? null,
      userId: event.user,
      messagesChannelId: typeof event.channel === 'string' ? event.channel : null,
    });
  };
}
