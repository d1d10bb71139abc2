import type { Logger } from '../observability/logger.js';
import type { AnnouncementStore } from '../store/announcement-store.js';
import { awaitsPublish } from '../updates/draft.js';
import type { Submission } from '../updates/submission.js';

// Announcement channels (docs/announcements.md): every published submission (an update, an opened incident or
// maintenance, a resolution) is also posted, compact, in each announcement channel of its incident channel and in
// the workspace's defaults. Each (submission, channel) is written pending, claimed before it is posted and marked
// after, so it is posted once across restarts and replicas; one that Slack failed to take stays pending for the
// publisher's sweep.

/** Where announcements go in Slack. Implemented at the Slack edge; publishing only decides when. */
export interface AnnouncementPoster {
  /**
   * Posts the compact announcement in `channelId`. `failed` (with Slack's reason) when Herald cannot post there;
   * the poster has then told the author privately. Throws when Slack itself fails: the announcement stays pending.
   */
  announce(
    submission: Submission,
    channelId: string,
  ): Promise<{ state: 'posted'; ts: string | null } | { state: 'failed'; reason: string }>;
}

export interface AnnouncementDependencies {
  announcements: AnnouncementStore;
  poster: AnnouncementPoster;
  /** HERALD_ANNOUNCE_CHANNELS: announced in for every incident. */
  defaultChannels: readonly string[];
  /** Names this process's claims (Stores.ownerId): a claim whose process is gone is taken over at once. */
  ownerId: string;
  /** How long a claim holds an announcement while it is posted. */
  leaseMs: number;
  logger: Logger;
  now: () => Date;
}

/** The channels a submission is announced in: the defaults and its incident channel's own, never the incident channel. */
export async function announcementChannels(deps: AnnouncementDependencies, submission: Submission): Promise<string[]> {
  const chosen = await deps.announcements.listChannels(submission.channelId);
  return [...new Set([...deps.defaultChannels, ...chosen])].filter((id) => id !== submission.channelId);
}

/**
 * Records which channels the published submission is announced in (once: later calls add nothing already
 * recorded), then posts each announcement still pending that this process can claim. Never throws for one
 * channel's Slack failure: that announcement is released, pending, for the sweep.
 */
export async function announceSubmission(deps: AnnouncementDependencies, submission: Submission): Promise<void> {
  // A post the page keeps as a draft (review mode) is not public yet: nothing to announce.
  if (submission.state !== 'published' || awaitsPublish(submission.draft)) return;
  await deps.announcements.plan(submission.id, await announcementChannels(deps, submission), deps.now());
  await postPending(deps, submission);
}

/** Posts the submission's pending announcements (the sweep's way back to one Slack failed to take). */
export async function postPending(deps: AnnouncementDependencies, submission: Submission): Promise<void> {
  const { announcements, logger } = deps;
  const pending = (await announcements.listFor(submission.id)).filter((announcement) => announcement.state === 'pending');
  for (const { channelId } of pending) {
    if (!(await announcements.claim(submission.id, channelId, deps.ownerId, deps.now(), deps.leaseMs))) continue;
    let outcome: Awaited<ReturnType<AnnouncementPoster['announce']>>;
    try {
      outcome = await deps.poster.announce(submission, channelId);
    } catch (error) {
      logger.warn({ err: error, channelId }, 'could not post the announcement; it will be tried again');
      await announcements.release(submission.id, channelId, deps.ownerId, deps.now()).catch(() => undefined);
      continue;
    }
    await announcements.finish(
      submission.id,
      channelId,
      deps.ownerId,
      outcome.state === 'posted'
        ? { state: 'posted', messageTs: outcome.ts, reason: null }
        : { state: 'failed', messageTs: null, reason: outcome.reason },
      deps.now(),
    );
  }
}
