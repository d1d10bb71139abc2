import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { deleteTemplate } from '../../../templates/manage-templates.js';
import { buildTemplateNoticeView } from '../../templates/template-delete-view.js';
import { decodeTemplateMetadata } from '../../templates/template-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { refreshList } from './submit-template-form.js';
import { manageRefusal, teamOf, templateDeps } from './template-access.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Delete, confirmed: the template goes, and the list under the modal shows it gone. */
export function handleTemplateDeleteSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    // The modal has no input to hang an error on: a problem replaces it.
    const tell = (text: string) => ack({ response_action: 'update', view: buildTemplateNoticeView('Delete template', text) });
    const teamId = teamOf(body);
    const metadata = decodeTemplateMetadata(view.private_metadata);
    if (metadata === null || metadata.templateId === null) {
      await tell('Herald can no longer read this modal. Close it and open the templates again.');
      return;
    }
    const refusal = await manageRefusal(deps, client, teamId, body.user.id);
    if (refusal !== null) {
      await tell(refusal);
      return;
    }
    try {
      await deleteTemplate(templateDeps(deps), teamId, metadata.templateId);
    } catch (error) {
      deps.logger.error({ err: error }, 'could not delete the template');
      await tell('Herald could not delete the template (its database did not answer). Try again.');
      return;
    }
    // Already gone (deleted twice at once) is as good as deleted.
    await ack();
    await refreshList(deps, client, teamId, metadata.listViewId);
  };
}
