import { LRUCache } from 'lru-cache';

// Who opened the Home tab in the last hour, so their tab can be refreshed after each update Herald publishes,
// at most once per person per 10 seconds (Slack's views.publish is a Tier 4 method; a burst of updates must
// not become a burst of publishes).
//
// Kept in this process's memory, not in the store: it is a cache of who is probably looking, worth nothing an
// hour later, and losing it on a restart costs one missed refresh until the person opens the tab again. With
// several replicas, each refreshes the people whose tab it built last; see docs/app-home.md.

export interface HomeViewer {
  teamId: string | null;
  userId: string;
  /** The app's Messages tab with this person, from the app_home_opened event. */
  messagesChannelId: string | null;
}

export interface HomeViewersOptions {
  /** Publishes one person's Home tab; its failures are its own to log. */
  publish: (viewer: HomeViewer) => Promise<void>;
  now: () => number;
  /** How long after opening the tab a person's tab is still refreshed. Default 1 hour. */
  windowMs?: number;
  /** The least time between two publishes of one person's tab. Default 10 seconds. */
  minIntervalMs?: number;
  /** The most people remembered. Default 10,000. */
  max?: number;
}

interface Seen {
  viewer: HomeViewer;
  openedAt: number;
  lastPublishedAt: number;
  /** A refresh waiting for the person's 10 seconds to pass. */
  pending: NodeJS.Timeout | null;
  /** A publish on its way to Slack; `again`: something changed meanwhile, so another follows it. */
  inFlight: boolean;
  again: boolean;
}

export interface HomeViewers {
  /** The person opened the tab: publish it for them now, or as soon as their 10 seconds have passed. */
  opened(viewer: HomeViewer): void;
  /** After an update is published: refresh the tab of everyone who opened it within the window. */
  refreshAll(): void;
  stop(): void;
}

export function createHomeViewers(options: HomeViewersOptions): HomeViewers {
  const windowMs = options.windowMs ?? 60 * 60_000;
  const minIntervalMs = options.minIntervalMs ?? 10_000;
  const seen = new LRUCache<string, Seen>({
    max: options.max ?? 10_000,
    dispose: (entry) => {
      if (entry.pending) clearTimeout(entry.pending);
    },
  });
  const key = (viewer: HomeViewer) => `${viewer.teamId ?? ''}:${viewer.userId}`;
  let stopped = false;

  const publishNow = (entry: Seen) => {
    entry.pending = null;
    entry.inFlight = true;
    void options
      .publish(entry.viewer)
      .catch(() => undefined)
      .finally(() => {
        // The interval counts from when Slack has the view, so two publishes never reach it closer together.
        entry.inFlight = false;
        entry.lastPublishedAt = options.now();
        if (entry.again) {
          entry.again = false;
          schedule(entry);
        }
      });
  };

  /** Publishes now, or once the person's 10 seconds have passed; a refresh already waiting will show everything. */
  const schedule = (entry: Seen): void => {
    if (stopped) return;
    if (entry.inFlight) {
      entry.again = true;
      return;
    }
    if (entry.pending) return;
    const wait = entry.lastPublishedAt + minIntervalMs - options.now();
    if (wait <= 0) publishNow(entry);
    else {
      entry.pending = setTimeout(() => publishNow(entry), wait);
      entry.pending.unref();
    }
  };

  return {
    opened(viewer) {
      const at = options.now();
      let entry = seen.get(key(viewer));
      if (entry) {
        entry.viewer = viewer;
        entry.openedAt = at;
      } else {
        entry = { viewer, openedAt: at, lastPublishedAt: Number.NEGATIVE_INFINITY, pending: null, inFlight: false, again: false };
        seen.set(key(viewer), entry);
      }
      schedule(entry);
    },
    refreshAll() {
      const at = options.now();
      for (const [id, entry] of seen.entries()) {
        if (at - entry.openedAt > windowMs) seen.delete(id);
        else schedule(entry);
      }
    },
    stop() {
      stopped = true;
      seen.clear();
    },
  };
}
