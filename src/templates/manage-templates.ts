import type { StoredTemplate, TemplateStore } from '../store/template-store.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';
import { type RenderedTemplate, renderTemplate } from './render-template.js';
import type { Template } from './template.js';
import { TEMPLATES_PER_WORKSPACE_MAX } from './template.js';
import { sampleIncident, type TemplateIncident } from './template-incident.js';
import { type StatusChoice, statusForStage } from './stage-status.js';
import { isTemplateStage, stageLabel, type TemplateStage } from './template-stages.js';
import { type TemplateInput, type TemplateProblems, validateTemplate } from './validate-template.js';

// The use cases of the template modal, and the one the update and create forms call when a template is chosen.
// They know nothing of Slack: the Slack edge reads the modal, calls these, and shows what they return. Who may
// call them (HERALD_PUBLISHERS) is checked at the edge, before.

export interface TemplateDeps {
  templates: TemplateStore;
  clock: () => Date;
}

/** The workspace's templates, by name; Herald's defaults are added the first time (and any new one since). */
export async function listTemplates(deps: TemplateDeps, teamId: string): Promise<Template[]> {
  await deps.templates.seedDefaults(teamId, DEFAULT_TEMPLATES, deps.clock());
  return (await deps.templates.list(teamId)).flatMap(toTemplate);
}

export async function findTemplate(deps: TemplateDeps, teamId: string, id: string): Promise<Template | null> {
  const stored = await deps.templates.get(teamId, id);
  return stored === null ? null : (toTemplate(stored)[0] ?? null);
}

export type SaveTemplateOutcome =
  | { kind: 'saved'; template: Template }
  | { kind: 'invalid'; problems: TemplateProblems }
  /** Edited while someone else deleted it. */
  | { kind: 'gone' };

/** Adds a template (`id` null) or replaces one, when what was typed can be saved. */
export async function saveTemplate(
  deps: TemplateDeps,
  teamId: string,
  id: string | null,
  input: TemplateInput,
): Promise<SaveTemplateOutcome> {
  const now = deps.clock();
  const existing = await deps.templates.list(teamId);
  if (id === null && existing.length >= TEMPLATES_PER_WORKSPACE_MAX) {
    return { kind: 'invalid', problems: { name: `A workspace keeps at most ${TEMPLATES_PER_WORKSPACE_MAX} templates: delete one first.` } };
  }
  const otherNames = existing.filter((template) => template.id !== id).map((template) => template.name);
  const validation = validateTemplate(input, now, otherNames);
  if (!validation.ok) return { kind: 'invalid', problems: validation.problems };
  if (id === null) {
    const added = await deps.templates.add(teamId, validation.draft, now);
    return { kind: 'saved', template: toTemplate(added)[0]! };
  }
  if (!(await deps.templates.update(teamId, id, validation.draft, now))) return { kind: 'gone' };
  const saved = await findTemplate(deps, teamId, id);
  return saved === null ? { kind: 'gone' } : { kind: 'saved', template: saved };
}

/** False when there was no such template (already deleted). */
export function deleteTemplate(deps: TemplateDeps, teamId: string, id: string): Promise<boolean> {
  return deps.templates.delete(teamId, id, deps.clock());
}

export type TemplatePreview = { kind: 'rendered'; title: string | null; message: string } | { kind: 'invalid'; problems: TemplateProblems };

/** What the typed template gives for the sample incident, or why it cannot be saved. Never throws. */
export function previewTemplate(input: TemplateInput, now: Date): TemplatePreview {
  const validation = validateTemplate(input, now, []);
  if (!validation.ok) {
    // The name and stage are not the preview's business.
    const { title, body } = validation.problems;
    if (title !== undefined || body !== undefined) {
      return { kind: 'invalid', problems: { ...(title ? { title } : {}), ...(body ? { body } : {}) } };
    }
  }
  const draft = {
    name: '',
    stage: isTemplateStage(input.stage) ? input.stage : 'investigating',
    title: input.title?.trim() ? input.title : null,
    body: input.body ?? '',
  } as const;
  const rendered = renderTemplate(draft, sampleFor(draft.stage, now), now);
  return { kind: 'rendered', title: rendered.title, message: rendered.message };
}

export interface FilledFromTemplate<T extends StatusChoice> extends RenderedTemplate {
  /** The page's status for the template's stage, among those given; null when none reads the same. */
  status: T | null;
}

/** The sample incident at the template's stage: its status, and no next update once it is over. */
function sampleFor(stage: TemplateStage, now: Date): TemplateIncident {
  const final = stage === 'resolved' || stage === 'completed';
  return { ...sampleIncident(now), status: stageLabel(stage), ...(final ? { nextUpdateAt: null } : {}) };
}

/**
 * For the update and create forms: the template's message (and title) for this incident, and the page's status
 * for its stage, which the form sets when the user has not chosen one (`statuses`: the form's status choices).
 * Null when the workspace has no such template.
 */
export async function fillFromTemplate<T extends StatusChoice>(
  deps: TemplateDeps,
  teamId: string,
  templateId: string,
  incident: TemplateIncident,
  statuses: readonly T[] = [],
): Promise<FilledFromTemplate<T> | null> {
  const template = await findTemplate(deps, teamId, templateId);
  if (template === null) return null;
  return { ...renderTemplate(template, incident, deps.clock()), status: statusForStage(template.stage, statuses) };
}

/** A stored row as a template; a row whose stage this release does not know is left out, not guessed. */
function toTemplate(stored: StoredTemplate): Template[] {
  if (!isTemplateStage(stored.stage)) return [];
  return [
    {
      id: stored.id,
      name: stored.name,
      stage: stored.stage,
      title: stored.title,
      body: stored.body,
      defaultKey: stored.defaultKey,
      updatedAt: stored.updatedAt,
    },
  ];
}
