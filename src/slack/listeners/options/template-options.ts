import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { listTemplates } from '../../../templates/manage-templates.js';
import { isMaintenanceStage, stageLabel } from '../../../templates/template-stages.js';
import { buildOptionsResponse } from '../../update-form/blocks/external-options.js';
import { decodeFormMetadata } from '../../update-form/form-metadata.js';
import { optionsTarget } from '../../update-form/form-options.js';
import type { ListenerDeps } from '../listener-deps.js';
import { teamOf, templateDeps } from '../templates/template-access.js';

type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** The form's "Template" select: the workspace's templates for the kind of post the form is about. */
export function handleTemplateOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const metadata = decodeFormMetadata(body.view?.private_metadata ?? '');
    const target = optionsTarget(metadata);
    const teamId = teamOf(body) || (metadata.teamId ?? '');
    if (!target || teamId === '') return ack({ options: [] });
    const templates = await listTemplates(templateDeps(deps), teamId);
    const fitting = templates.filter((template) => isMaintenanceStage(template.stage) === (target.kind === 'maintenance'));
    await ack(
      buildOptionsResponse(
        fitting.map((t) => ({ text: `${t.name} (${stageLabel(t.stage)})`, value: t.id })),
        body.value,
      ),
    );
  };
}
