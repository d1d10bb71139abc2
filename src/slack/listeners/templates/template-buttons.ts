import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { findTemplate, previewTemplate } from '../../../templates/manage-templates.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { buildTemplateDeleteView, buildTemplateNoticeView } from '../../templates/template-delete-view.js';
import { buildTemplateFormView } from '../../templates/template-form-view.js';
import { decodeTemplateMetadata } from '../../templates/template-metadata.js';
import { readTemplateForm } from '../../templates/read-template-form.js';
import type { ListenerDeps } from '../listener-deps.js';
import { manageRefusal, teamOf, templateDeps, templateIdOf } from './template-access.js';

// The template modals' buttons: Add, Edit and Delete in the list each push a modal over it; Preview in the form
// renders what is typed against the sample incident and shows it under the form.

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const GONE = 'This template was deleted meanwhile. Close this and open the list again.';

/** Pushes over the list whatever `viewFor` builds, or says why not. */
function pushOverList(deps: ListenerDeps, viewFor: (args: ButtonArgs, teamId: string) => Promise<ModalView>) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, client } = args;
    await ack();
    const teamId = teamOf(body);
    let view: ModalView;
    try {
      const refusal = await manageRefusal(deps, client, teamId, body.user.id);
      view = refusal === null ? await viewFor(args, teamId) : buildTemplateNoticeView('Templates', refusal);
    } catch (error) {
      deps.logger.error({ err: error }, 'could not open the template');
      view = buildTemplateNoticeView('Templates', 'Herald could not read the templates (its database did not answer). Try again.');
    }
    try {
      await client.views.push({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'could not open the template modal');
    }
  };
}

export function handleAddTemplate(deps: ListenerDeps) {
  return pushOverList(deps, async ({ body }) =>
    buildTemplateFormView({
      metadata: { templateId: null, listViewId: body.view?.id ?? null },
      values: { name: null, stage: null, title: null, body: null },
      preview: null,
    }),
  );
}

export function handleEditTemplate(deps: ListenerDeps) {
  return pushOverList(deps, async ({ body, action }, teamId) => {
    const template = await findTemplate(templateDeps(deps), teamId, templateIdOf(action));
    if (template === null) return buildTemplateNoticeView('Edit template', GONE);
    return buildTemplateFormView({
      metadata: { templateId: template.id, listViewId: body.view?.id ?? null },
      values: { name: template.name, stage: template.stage, title: template.title, body: template.body },
      preview: null,
    });
  });
}

export function handleDeleteTemplate(deps: ListenerDeps) {
  return pushOverList(deps, async ({ body, action }, teamId) => {
    const template = await findTemplate(templateDeps(deps), teamId, templateIdOf(action));
    if (template === null) return buildTemplateNoticeView('Delete template', GONE);
    return buildTemplateDeleteView(template, { templateId: template.id, listViewId: body.view?.id ?? null });
  });
}

/** "Preview": the form again, as typed, with the rendered sample (or what to fix) under it. */
export function handlePreviewTemplate(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const form = body.view;
    const metadata = decodeTemplateMetadata(form?.private_metadata);
    if (!form || metadata === null) return;
    const values = readTemplateForm(form.state?.values);
    const view = buildTemplateFormView({ metadata, values, preview: previewTemplate(values, deps.clock()) });
    try {
      await client.views.update({ view_id: form.id, hash: form.hash, view });
    } catch (error) {
      // hash_conflict: the form changed meanwhile (another click); the newer one wins.
      deps.logger.info({ slackError: slackErrorCode(error) }, 'could not show the template preview');
    }
  };
}
