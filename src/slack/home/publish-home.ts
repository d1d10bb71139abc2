import type { WebClient } from '@slack/web-api';
import { gatherHome, type GatherHomeDeps } from '../../home/gather-home.js';
import type { HomeOverview } from '../../home/home-overview.js';
import type { HomeViewer } from '../../home/home-viewers.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import type { PublisherCheck } from '../permissions/publisher-permission.js';
import { buildHomeView } from './home-view.js';

// Builds one person's Home tab and publishes it with views.publish, with their own workspace's token.
//
// The overview is the same for everyone (only the buttons depend on the person), so tabs built within a
// moment of each other share one: a refresh after an update publishes many tabs at once, and each would
// otherwise read the same pages and the same store rows again. `forget` drops it when an update has changed it.

export interface HomePublisherDeps extends GatherHomeDeps {
  /** The workspace's client; null when Herald holds no token for it any more. */
  clientFor: (teamId: string | null) => Promise<WebClient | null>;
  /** HERALD_PUBLISHERS; unset: anyone may publish. */
  publishers?: PublisherCheck;
  publishingRestricted: boolean;
  /** How long one overview serves the tabs built after it. Default 2 seconds. */
  shareMs?: number;
}

export interface HomePublisher {
  publish(viewer: HomeViewer): Promise<void>;
  /** Something on the tab changed (an update was published): the next tab is built afresh. */
  forget(): void;
}

export function createHomePublisher(deps: HomePublisherDeps): HomePublisher {
  const shareMs = deps.shareMs ?? 2_000;
  let shared: { at: number; overview: Promise<HomeOverview> } | null = null;
  const overview = (): Promise<HomeOverview> => {
    const at = performance.now();
    if (shared === null || at - shared.at > shareMs) {
      const gathered = gatherHome(deps);
      shared = { at, overview: gathered };
      gathered.catch(() => {
        if (shared?.overview === gathered) shared = null;
      });
    }
    return shared.overview;
  };
  return {
    forget() {
      shared = null;
    },
    async publish(viewer) {
      try {
        const client = await deps.clientFor(viewer.teamId);
        if (!client) return;
        const [gathered, permission] = await Promise.all([
          overview(),
          deps.publishers ? deps.publishers.check(client, viewer.teamId, viewer.userId) : { allowed: true },
        ]);
        const view = buildHomeView({
          overview: gathered,
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
    },
  };
}
