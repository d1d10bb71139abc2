import { lastPublicMessage } from '../../submitting/last-public-message.js';
import { fillFromTemplate, findTemplate, type TemplateDeps } from '../../templates/manage-templates.js';
import { stageLabel } from '../../templates/template-stages.js';
import { statusForStage } from '../../templates/stage-status.js';
import type { PostOptions } from '../../providers/provider.js';
import type { ChannelStore } from '../../store/channel-store.js';
import type { MessageSource } from './blocks/message-tools.js';
import type { FormMetadata } from './form-metadata.js';
import { templateIncidentOfForm } from './form-template-incident.js';
import type { OfferedText } from './message-fill.js';

// The text a source gives for the form's message: a template rendered for the incident as the form shows it, or
// the incident's last update published through Herald. Null when there is none (a template deleted meanwhile,
// an incident Herald never published to).

export interface SourceDeps extends TemplateDeps {
  channels: Pick<ChannelStore, 'latestPublished'>;
}

export interface FormAtAction {
  teamId: string;
  values: unknown;
  metadata: FormMetadata;
  options: PostOptions | null;
  author: string;
}

export async function textFromSource(deps: SourceDeps, form: FormAtAction, source: MessageSource): Promise<OfferedText | null> {
  if (source.kind === 'last_update') {
    const { page, post } = form.metadata;
    if (!page || !post || form.metadata.opening) return null;
    const message = await lastPublicMessage(deps.channels, { provider: page.provider, pageId: page.id, postId: post.id });
    return message === null ? null : { source, label: 'The last update', message };
  }
  if (form.teamId === '') return null;
  const template = await findTemplate(deps, form.teamId, source.templateId);
  if (template === null) return null;
  const statuses = form.options?.statuses ?? [];
  // Rendered with the status chosen, or else the one the template is for.
  const stage = statusForStage(template.stage, statuses)?.label ?? stageLabel(template.stage);
  const incident = templateIncidentOfForm(form.values, form.metadata, form.options, {
    author: form.author,
    now: deps.clock(),
    stageLabel: stage,
  });
  const filled = await fillFromTemplate(deps, form.teamId, template.id, incident, statuses);
  if (filled === null) return null;
  return {
    source,
    label: `The template “${template.name}”`,
    message: filled.message,
    statusId: filled.status?.id ?? null,
    title: filled.title,
  };
}
