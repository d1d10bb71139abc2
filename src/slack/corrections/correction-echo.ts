import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import { buildEchoMessage } from '../outcome/echo-message.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import type { Submission } from '../../updates/submission.js';
import type { EchoShape } from '../outcome/echo-shape.js';

// After a correction, the channel's copy of the update is edited in place (chat.update of the echo), so the
// channel reads what customers read, with who corrected it and when. It keeps the shape it was posted in
// (compact or full, see docs/echo.md) and lists the services as the page now shows them.

export async function showCorrectionInEcho(
  client: WebClient,
  logger: Logger,
  submission: Submission,
  correction: { text: string; userId: string; at: Date },
  shape: EchoShape = { compact: false },
): Promise<boolean> {
  if (!submission.echoTs) return false; // posted through the response_url, or not at all: nothing to edit
  const message = buildEchoMessage({
    draft: { ...submission.draft, message: correction.text },
    userId: submission.userId,
    publishedAt: submission.publishedAt ?? correction.at,
    submissionId: submission.id,
    now: correction.at,
    correctable: true,
    correctedBy: { userId: correction.userId, at: correction.at },
    compact: shape.compact,
    components: shape.components,
  });
  try {
    await client.chat.update({ channel: submission.channelId, ts: submission.echoTs, ...message });
    return true;
  } catch (error) {
    logger.warn({ submissionId: submission.id, slackError: slackErrorCode(error) }, 'could not update the echo after a correction');
    return false;
  }
}
