import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { listTemplates } from '../../../templates/manage-templates.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { buildTemplateListView } from '../../templates/template-list-view.js';
import type { ListenerDeps } from '../listener-deps.js';
import { manageRefusal, templateDeps } from './template-access.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/status-update templates`: the workspace's templates in a modal, for those who may publish. */
export async function openTemplateList(deps: ListenerDeps, { command, ack, client, respond }: CommandArgs): Promise<void> {
  await ack();
  const teamId = command.team_id ?? '';
  // Both before the trigger_id's 3 seconds run out: the check has a budget, and the list is one query.
  const [refusal, templates] = await Promise.all([
    manageRefusal(deps, client, teamId, command.user_id),
    listTemplates(templateDeps(deps), teamId).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'could not list the templates');
      return null;
    }),
  ]);
  if (refusal !== null) {
    await respond({ response_type: 'ephemeral', text: refusal });
    return;
  }
  if (templates === null) {
    await respond({ response_type: 'ephemeral', text: 'Herald could not read the templates (its database did not answer). Try again.' });
    return;
  }
  try {
    await client.views.open({ trigger_id: command.trigger_id, view: buildTemplateListView(templates) });
  } catch (error) {
    deps.logger.warn({ slackError: slackErrorCode(error) }, 'views.open failed for the templates');
    await respond({
      response_type: 'ephemeral',
      text: `Slack did not let Herald open the templates (${slackErrorCode(error)}). Run \`${command.command} templates\` again.`,
    });
  }
}
