import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { ProviderId } from '../../providers/provider.js';
import type { OutcomeNotifier } from '../../publishing/publish-submission.js';
import type { LiveSummary } from '../../summary/live-summary.js';
import { buildEchoMessage, buildNotPostedNotice } from './echo-message.js';
import { buildFailedView, buildPublishedView } from './result-view.js';
import { buildGroupResultView } from './group-result-view.js';
import type { GroupOutcome, GroupOutcomes } from '../../submitting/group-outcome.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import type { Submission } from '../../updates/submission.js';
import { postToResponseUrl } from '../http/response-url.js';
import { tellAuthorPrivately, updateModal } from './tell-author.js';
import type { PageCatalog } from './page-after-update.js';
import { echoShapeOf } from './echo-shape.js';
import { isFinalStatus } from '../../updates/statuses.js';

// Slack errors that mean "the bot cannot post in this channel", where the command's response_url
// (which works in private channels the bot was never invited to) is the way in.
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export interface OutcomeNotifierOptions {
  /** The workspace's client: echoes, modal updates and private notices go out with its token. */
  client: WebClient;
  logger: Logger;
  clock?: () => Date;
  /** The channel's pinned summary, refreshed after each echo the bot posted itself (once the modal shows the result). */
  liveSummary?: LiveSummary;
  /** Submits that went to several pages: one result for all of them. Without it, each page reports alone. */
  groups?: GroupOutcomes;
  /** Whether the provider edits entries in place: the echo then offers "Correct last update". */
  correctable?: (provider: ProviderId) => boolean;
  /** The pages, read after an update so the echo lists the services the page shows affected. */
  pages?: PageCatalog;
  /** When Herald first published to a post: a closing update's echo says how long it was public. */
  firstPublishedAt?: (draft: Submission['draft']) => Promise<Date | null>;
}

/** Tells Slack how publishing went: the echo into the incident channel, and the modal's result view. */
export function createOutcomeNotifier(options: OutcomeNotifierOptions): OutcomeNotifier {
  const { client, logger, liveSummary, groups, correctable, pages, firstPublishedAt } = options;
  const clock = options.clock ?? (() => new Date());
  /** A submit that went to several pages gets one result, each page's outcome in it, once all are done. */
  const showGroup = async (submission: Submission, group: GroupOutcome): Promise<void> => {
    if (!group.complete) return; // the page that finishes last shows the result
    const view = buildGroupResultView({ pages: group.pages, channelId: submission.channelId, retryId: group.retryId });
    if ((await updateModal(client, logger, submission.viewId, view)) || group.retryId === null) return;
    // The modal is gone. Every page of the submit may get here at once: one of them tells the author.
    if (groups && !(await groups.claimNotice(submission, clock()))) return;
    const failed = group.pages.filter((page) => page.state === 'failed').length;
    const text = `Your update was not published on ${failed} of its ${group.pages.length} status pages.`;
    await tellAuthorPrivately(client, logger, submission, { text, blocks: view.blocks });
  };

  return {
    async deliverEcho(submission) {
      const { draft } = submission;
      const publicSince = isFinalStatus(draft.status) ? await firstPublishedAt?.(draft).catch(() => null) : null;
      const shape = await echoShapeOf({ catalog: pages, logger, liveSummary }, submission);
      const echo = (compact: boolean) =>
        buildEchoMessage({
          draft,
          // "Correct last update" where the provider edits entries in place (see ProviderCatalog.offersCorrections).
          correctable: correctable?.(draft.provider),
          userId: submission.userId,
          publishedAt: submission.publishedAt ?? clock(),
          submissionId: submission.id,
          now: clock(),
          components: shape.components,
          compact,
          publicSince,
        });
      // The summary is posted and edited with the bot's token: only a message the bot posts itself can lean on it.
      const message = echo(shape.compact);
      let reason: string;
      try {
        // Returned at once: the publisher records the echo before anything else can delay or interrupt it.
        const posted = await client.chat.postMessage({ channel: submission.channelId, ...message, unfurl_links: false });
        return { state: 'posted', ts: posted.ts ?? null };
      } catch (error) {
        reason = slackErrorCode(error);
        if (!CANNOT_POST_HERE.has(reason)) throw error; // Slack itself failing: leave the echo pending, to be retried
      }
      // Where the bot cannot post, it cannot keep a summary either: this echo says everything.
      if (
        submission.responseUrl &&
        (await postToResponseUrl(submission.responseUrl, { response_type: 'in_channel', ...echo(false) }, logger, 'the echo'))
      ) {
        return { state: 'posted', ts: null };
      }
      // Never silently nothing: the author hears, privately, that the channel did not get it and why.
      await client.chat.postMessage({
        channel: submission.userId,
        ...buildNotPostedNotice({ draft: submission.draft, channelId: submission.channelId, reason }),
      });
      return { state: 'failed', ts: null };
    },

    async showPublished(submission, echo) {
      const group = await groups?.read(submission);
      if (group) {
        await showGroup(submission, group);
      } else {
        await updateModal(
          client,
          logger,
          submission.viewId,
          buildPublishedView({
            draft: submission.draft,
            entryUrl: submission.draft.post.url ?? submission.draft.page.url,
            channelId: submission.channelId,
            echoed: echo.state === 'posted',
          }),
        );
      }
      // After the echo is recorded and the author has their result. Until the submission is marked notified, a
      // restart runs this again, so a refresh cut short by a crash is done over; it never throws.
      if (submission.echoTs !== null) await liveSummary?.refresh(client, submission);
    },

    async showFailed(submission) {
      if (!submission.failure) return;
      const group = await groups?.read(submission);
      if (group) return showGroup(submission, group);
      const view = buildFailedView({ draft: submission.draft, failure: submission.failure, submissionId: submission.id });
      if (await updateModal(client, logger, submission.viewId, view)) return;
      // The modal is gone (closed, or timed out): the author still has to hear, with a way back to their text.
      await tellAuthorPrivately(client, logger, submission, { text: `Not published: ${submission.failure.message}`, blocks: view.blocks });
    },
  };
}
