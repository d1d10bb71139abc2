import type { WebClient } from '@slack/web-api';
import { gatherHome, type GatherHomeDeps } from '../../home/gather-home.js';
import type { HomeViewer } from '../../home/home-viewers.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import type { PublisherCheck } from '../permissions/publisher-permission.js';
import { buildHomeView } from './home-view.js';

// Builds one person's Home tab and publishes it with views.publish, with their own workspace's token.

export interface HomePublisherDeps extends GatherHomeDeps {
  /** The workspace's client; null when Herald holds no token for it any more. */
  clientFor: (teamId: string | null) => Promise<WebClient | null>;
  /** HERALD_PUBLISHERS; unset: anyone may publish. */
  publishers?: PublisherCheck;
  publishingRestricted: boolean;
}

export function createHomePublisher(deps: HomePublisherDeps): (viewer: HomeViewer) => Promise<void> {
  return async (viewer) => {
    try {
      const client = await deps.clientFor(viewer.teamId);
      if (!client) return;
      const [overview, permission] = await Promise.all([
        gatherHome(deps),
        deps.publishers ? deps.publishers.check(client, viewer.teamId, viewer.userId) : { allowed: true },
      ]);
      const view = buildHomeView({
        overview,
        now: deps.clock(),
        canPublish: permission.allowed,
        publishingRestricted: deps.publishingRestricted,
        messagesChannelId: viewer.messagesChannelId,
        teamId: viewer.teamId,
      });
      await client.views.publish({ user_id: viewer.userId, view });
    } catch (error) {
      deps.logger.warn({ err: error, slackError: slackErrorCode(error), userId: viewer.userId }, 'could not publish the Home tab');
    }
  };
}
