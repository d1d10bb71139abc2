import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import { postToResponseUrl } from '../http/response-url.js';

// How an author hears how their submit went, long after they submitted: in the modal while it is open; once
// it is gone (closed, or timed out by Slack), privately: through the command's response_url where there is one
// (it reaches private channels the bot is not in), else a direct message from Herald.

/** Shows `view` in the modal; false when there is no modal to show it in any more. */
export async function updateModal(client: WebClient, logger: Logger, viewId: string | null, view: ModalView): Promise<boolean> {
  if (!viewId) return false;
  try {
    await client.views.update({ view_id: viewId, view });
    return true;
  } catch (error) {
    logger.info({ slackError: slackErrorCode(error) }, 'the modal could not be updated (closed?)');
    return false;
  }
}

export interface PrivateNotice {
  text: string;
  blocks?: ModalView['blocks'];
}

/** The author's private notice: the response_url first, a direct message when it is absent or refused. */
export async function tellAuthorPrivately(
  client: WebClient,
  logger: Logger,
  author: { userId: string; responseUrl: string | null },
  notice: PrivateNotice,
): Promise<void> {
  const delivered =
    author.responseUrl !== null &&
    (await postToResponseUrl(author.responseUrl, { response_type: 'ephemeral', ...notice }, logger, 'the author’s private notice'));
  if (!delivered) await client.chat.postMessage({ channel: author.userId, ...notice });
}
