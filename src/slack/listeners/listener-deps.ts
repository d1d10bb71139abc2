import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import type { Publisher } from '../../publishing/publisher.js';
import type { Stores } from '../../store/stores.js';
import type { LiveSummary } from '../../summary/live-summary.js';
import type { HomeViewers } from '../../home/home-viewers.js';
import type { PublisherCheck } from '../permissions/publisher-permission.js';

/** What every listener may use. Slack's own client comes with each request. */
export interface ListenerDeps {
  stores: Stores;
  catalog: ProviderCatalog;
  publisher: Publisher;
  logger: Logger;
  clock: () => Date;
  /** Who may publish (HERALD_PUBLISHERS); unset: anyone in the channel. */
  publishers?: PublisherCheck;
  /** Updates one person may submit to one incident in a minute (HERALD_MAX_UPDATES_PER_MINUTE); unset or 0: no limit. */
  maxUpdatesPerMinute?: number;
  /** HERALD_INTERNAL_PATTERNS: internal names the check before publishing catches. */
  internalPatterns?: readonly RegExp[];
  /** The channel's live summary, refreshed after a correction changes the text it shows; unset: none. */
  liveSummary?: LiveSummary;
  /** HERALD_ANNOUNCE_CHANNELS: every incident is announced there (shown in the announce modal); unset: none. */
  announceChannels?: readonly string[];
  /** Who has the Home tab open, and publishing it for them; unset: no Home tab. */
  homeViewers?: HomeViewers;
}
