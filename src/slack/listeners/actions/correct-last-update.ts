import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { formatDistanceStrict } from 'date-fns';
import { newerUpdateInHerald } from '../../../publishing/correct-published-update.js';
import { summarizeCorrections, type CorrectionSummary } from '../../../updates/corrections.js';
import { buildCorrectionForm } from '../../corrections/correction-form.js';
import { buildCorrectionNoticeView } from '../../corrections/correction-result-view.js';
import { providerDisplayName } from '../../../slack-kit/provider-names.js';
import type { ListenerDeps } from '../listener-deps.js';
import { escapeMrkdwn, truncate, userMention } from '../../../slack-kit/mrkdwn.js';
import { publishRefusal } from '../../permissions/publisher-permission.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import type { Submission } from '../../../updates/submission.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Correct last update" on the echo (and "Try again" after a failed correction): opens the correction modal
 * with the text the page shows now, or with a correction that did not go through. Anyone who may publish
 * (HERALD_PUBLISHERS) may correct, since a correction rewrites what customers read; the modal says who wrote
 * the original. An echo of an update that is no longer the newest says so,
 * privately, instead of opening anything.
 */
export function handleCorrectLastUpdate(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = async (text: string): Promise<void> => {
      if (body.view) await client.views.update({ view_id: body.view.id, view: buildCorrectionNoticeView(text) });
      else if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
    try {
      const submission = await deps.stores.submissions.getSubmission(action.value ?? '');
      const refusal = await publishRefusal(deps.publishers, client, body.team?.id ?? submission?.teamId ?? null, body.user.id);
      if (refusal) {
        await tell(refusal);
        return;
      }
      if (submission?.state !== 'published' || submission.entryId === null) {
        await tell(
          'Herald has no published update behind this button any more, so there is nothing to correct. Run `/status-update` to post a new update.',
        );
        return;
      }
      const { draft } = submission;
      if (!deps.catalog.offersCorrections(draft.provider)) {
        await tell(
          `${providerDisplayName(draft.provider)} does not let Herald edit a published update. To correct it, post a new update with \`/status-update\`.`,
        );
        return;
      }
      const newer = await newerUpdateInHerald(deps.stores.channels, submission);
      if (newer) {
        await tell(noLongerLast(submission, newer, deps.clock()));
        return;
      }
      const corrections = summarizeCorrections(await deps.stores.corrections.list(submission.id));
      const view = buildCorrectionForm({
        submissionId: submission.id,
        draft,
        authorId: submission.userId,
        publishedAt: submission.publishedAt,
        text: corrections.unfinished?.message ?? corrections.applied?.message ?? draft.message,
        notice: unfinishedNotice(corrections),
      });
      if (body.view) await client.views.update({ view_id: body.view.id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.logger.warn({ err: error, slackError: slackErrorCode(error) }, 'could not open the correction form');
      await tell(
        `Herald could not open the correction form (${slackErrorCode(error)}). Nothing was changed: click the button again.`,
      ).catch(() => undefined);
    }
  };
}

function noLongerLast(submission: Submission, newer: Submission, now: Date): string {
  const title = escapeMrkdwn(truncate(submission.draft.post.title, 200));
  if (newer.state !== 'published') {
    return `This is no longer the last update to *${title}*: ${userMention(newer.userId)} is publishing a newer one right now. Only the last update can be corrected; to change what customers read, wait for it and correct that one, or post a new update with \`/status-update\`.`;
  }
  const when = newer.publishedAt ? ` ${formatDistanceStrict(newer.publishedAt, now, { addSuffix: true })}` : '';
  return `This is no longer the last update to *${title}*: ${userMention(newer.userId)} published a newer one${when}. Only the last update can be corrected; to change what customers read now, post a new update with \`/status-update\`.`;
}

/** Why the box holds a correction rather than the published text. */
function unfinishedNotice({ unfinished }: CorrectionSummary): string | null {
  if (!unfinished) return null;
  if (unfinished.stage === 'failed') {
    return `An earlier correction did not go through${unfinished.failure ? ` (${unfinished.failure})` : ''}. Its text is below: submit to try again.`;
  }
  return 'An earlier correction was never confirmed (Herald may have stopped while sending it): the page shows either it or the text before. Its text is below: submit to apply it.';
}
