import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { publishOpenedDraft } from '../../../publishing/publish-opened-draft.js';
import { userMention } from '../../../slack-kit/mrkdwn.js';
import { contextLine } from '../../../slack-kit/elements.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { buildEchoMessage } from '../../outcome/echo-message.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply-privately.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Publish on DevHelm" on the echo of a post the page keeps as a draft: the page is asked to publish it, and the
 * echo then reads as any opened post's, saying who published it. Pressed twice, or after it was published
 * on the page directly, it changes nothing.
 */
export function handlePublishDraft(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => replyPrivately(respond, { response_type: 'ephemeral', replace_original: false, text });
    const submission = await deps.stores.submissions.getSubmission(action.value ?? '').catch(() => null);
    // The value comes back from Slack: it counts only in the channel whose echo carried it.
    if (!submission || submission.channelId !== body.channel?.id) {
      await tell('Herald no longer knows that post.');
      return;
    }
    const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? submission.teamId, body.user.id);
    if (refusal) {
      await tell(refusal);
      return;
    }
    const outcome = await publishOpenedDraft(
      { submissions: deps.stores.submissions, catalog: deps.catalog, logger: deps.logger },
      submission.id,
    );
    if (outcome.kind === 'failed') {
      await tell(outcome.message);
      return;
    }
    if (outcome.kind === 'not-a-draft') {
      await tell('It is public already.');
      return;
    }
    const published = outcome.submission;
    const echo = buildEchoMessage({
      draft: published.draft,
      userId: published.userId,
      publishedAt: published.publishedAt ?? deps.clock(),
      submissionId: published.id,
      now: deps.clock(),
    });
    try {
      await client.chat.update({
        channel: submission.channelId,
        ts: body.message?.ts ?? submission.echoTs ?? '',
        text: echo.text,
        blocks: [...echo.blocks, contextLine(`Published on the page by ${userMention(body.user.id)}.`)],
      });
    } catch (error) {
      deps.logger.info({ slackError: slackErrorCode(error) }, 'could not update the echo of a published draft');
      await tell('Published: customers can see it now.');
    }
  };
}
