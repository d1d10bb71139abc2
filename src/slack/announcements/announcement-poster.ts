import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { AnnouncementPoster } from '../../publishing/announce-submission.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import { buildNotPostedNotice } from '../outcome/echo-message.js';
import { tellAuthorPrivately } from '../outcome/tell-author.js';
import { buildAnnouncementMessage } from './announcement-message.js';

// Posts announcements with the token of the submission's own workspace. A channel Herald cannot post in is
// never skipped silently: the author hears privately which channel did not get the update, and why.

/** Slack errors that mean "Herald cannot post in this channel": no retry will change that. */
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'ekm_access_denied']);

export function createAnnouncementPoster(
  clientFor: (teamId: string | null) => Promise<WebClient | null>,
  logger: Logger,
): AnnouncementPoster {
  return {
    async announce(submission, channelId) {
      const client = await clientFor(submission.teamId);
      // The workspace removed Herald: nothing can be posted there, and nobody there can be told.
      if (!client) return { state: 'failed', reason: 'no_token' };
      const message = buildAnnouncementMessage({ draft: submission.draft, incidentChannelId: submission.channelId });
      let reason: string;
      try {
        const posted = await client.chat.postMessage({ channel: channelId, ...message, unfurl_links: false });
        return { state: 'posted', ts: posted.ts ?? null };
      } catch (error) {
        reason = slackErrorCode(error);
        if (!CANNOT_POST_HERE.has(reason)) throw error; // Slack itself failing: left pending, to be retried
      }
      logger.info({ channelId, slackError: reason }, 'Herald cannot post in an announcement channel; telling the author');
      await tellAuthorPrivately(client, logger, submission, buildNotPostedNotice({ draft: submission.draft, channelId, reason }));
      return { state: 'failed', reason };
    },
  };
}
