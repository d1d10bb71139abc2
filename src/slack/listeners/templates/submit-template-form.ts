import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { listTemplates, saveTemplate } from '../../../templates/manage-templates.js';
import type { TemplateField } from '../../../templates/validate-template.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { TEMPLATE_FORM_BLOCKS } from '../../templates/template-ids.js';
import { buildTemplateListView } from '../../templates/template-list-view.js';
import { decodeTemplateMetadata } from '../../templates/template-metadata.js';
import { readTemplateForm } from '../../templates/read-template-form.js';
import type { ListenerDeps } from '../listener-deps.js';
import { manageRefusal, teamOf, templateDeps } from './template-access.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const BLOCK_OF: Record<TemplateField, string> = {
  name: TEMPLATE_FORM_BLOCKS.name,
  stage: TEMPLATE_FORM_BLOCKS.stage,
  title: TEMPLATE_FORM_BLOCKS.title,
  body: TEMPLATE_FORM_BLOCKS.body,
};

/** Save in the template form: stored and back to the list, refreshed; or each problem under its field. */
export function handleTemplateFormSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const refuse = (message: string) => ack({ response_action: 'errors', errors: { [TEMPLATE_FORM_BLOCKS.name]: message } });
    const teamId = teamOf(body);
    const metadata = decodeTemplateMetadata(view.private_metadata);
    if (metadata === null) {
      await refuse('Herald can no longer read this form. Copy your text, close it and open the templates again.');
      return;
    }
    const refusal = await manageRefusal(deps, client, teamId, body.user.id);
    if (refusal !== null) {
      await refuse(refusal);
      return;
    }
    let outcome: Awaited<ReturnType<typeof saveTemplate>>;
    try {
      outcome = await saveTemplate(templateDeps(deps), teamId, metadata.templateId, readTemplateForm(view.state.values));
    } catch (error) {
      deps.logger.error({ err: error }, 'could not save the template');
      await refuse('Herald could not save the template (its database did not answer). Try again.');
      return;
    }
    if (outcome.kind === 'gone') {
      await refuse('This template was deleted meanwhile. Copy your text, go back and add it again.');
      return;
    }
    if (outcome.kind === 'invalid') {
      const errors = Object.fromEntries(
        Object.entries(outcome.problems).map(([field, message]) => [BLOCK_OF[field as TemplateField], message]),
      );
      await ack({ response_action: 'errors', errors });
      return;
    }
    // Closing this modal shows the list under it, which then shows the template.
    await ack();
    await refreshList(deps, client, teamId, metadata.listViewId);
  };
}

export async function refreshList(deps: ListenerDeps, client: WebClient, teamId: string, listViewId: string | null): Promise<void> {
  if (listViewId === null) return;
  try {
    const templates = await listTemplates(templateDeps(deps), teamId);
    await client.views.update({ view_id: listViewId, view: buildTemplateListView(templates) });
  } catch (error) {
    deps.logger.info({ slackError: slackErrorCode(error) }, 'could not refresh the template list');
  }
}
