import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { OutcomeNotifier } from '../../publishing/publish-submission.js';
import { buildEchoMessage } from './echo-message.js';
import type { WorkspaceAccess } from '../installations/workspace-access.js';
import type { Submission } from '../../updates/submission.js';
import { postToResponseUrl, type ResponseUrlMessage } from '../http/response-url.js';

// The publisher tells authors how publishing went long after their request: here each submission's outcome goes
// out with its own workspace's token (submission.teamId), through the ordinary notifier (outcome-notifier.ts)
// built for that workspace's client. A workspace Herald no longer holds a token for (removed while an update was
// publishing) is still told what it can be told without one: through the command's response_url.

export function perWorkspaceNotifier(
  access: WorkspaceAccess,
  build: (client: WebClient) => OutcomeNotifier,
  logger: Logger,
  clock: () => Date,
): OutcomeNotifier {
  const notifiers = new WeakMap<WebClient, OutcomeNotifier>();
  const forWorkspace = async (submission: Submission): Promise<OutcomeNotifier> => {
    const client = await access.clientFor(submission.teamId);
    if (!client) return tokenlessNotifier(logger, clock);
    let notifier = notifiers.get(client);
    if (!notifier) {
      notifier = build(client);
      notifiers.set(client, notifier);
    }
    return notifier;
  };
  return {
    deliverEcho: async (submission) => (await forWorkspace(submission)).deliverEcho(submission),
    showPublished: async (submission, echo) => (await forWorkspace(submission)).showPublished(submission, echo),
    showFailed: async (submission) => (await forWorkspace(submission)).showFailed(submission),
  };
}

/** Without a token only the response_url reaches Slack; the outcome is final either way, so nothing retries forever. */
function tokenlessNotifier(logger: Logger, clock: () => Date): OutcomeNotifier {
  const post = async (submission: Submission, message: ResponseUrlMessage): Promise<boolean> =>
    submission.responseUrl !== null && postToResponseUrl(submission.responseUrl, message, logger, 'a workspace without a token');
  return {
    async deliverEcho(submission) {
      logger.warn(
        { submissionId: submission.id, teamId: submission.teamId },
        'no token for this workspace any more: the echo goes through the response_url only',
      );
      const message = buildEchoMessage({
        draft: submission.draft,
        userId: submission.userId,
        publishedAt: submission.publishedAt ?? clock(),
        submissionId: submission.id,
        now: clock(),
      });
      return { state: (await post(submission, { response_type: 'in_channel', ...message })) ? 'posted' : 'failed', ts: null };
    },
    async showPublished() {
      // The modal can only be updated with a token; the echo above is all the author can get.
    },
    async showFailed(submission) {
      if (!submission.failure) return;
      await post(submission, { response_type: 'ephemeral', text: `Not published: ${submission.failure.message}` });
    },
  };
}
