import { lenientEngine } from './template-engine.js';
import type { TemplateIncident } from './template-incident.js';
import { neutraliseSlackSyntax } from './slack-syntax.js';
import type { TemplateDraft } from './template.js';
import { TEMPLATE_BODY_MAX_LENGTH } from './template.js';
import type { TemplateStage } from './template-stages.js';
import { templateScope } from './template-variables.js';

// A template rendered for one incident, at publish time: this never throws. A saved template was checked on a
// sample, but the real incident may lack what the sample had (no next update after "resolved"), so unknown
// names print nothing; and should the engine still fail (a render past its time or memory bounds), the
// template's own text is used with its Liquid markup taken out. Whatever comes out holds no Slack mention.

export interface RenderedTemplate {
  /** The title for a new incident or maintenance; null when the template has none. */
  title: string | null;
  message: string;
  /** The status the template is for: what the form sets when the user has not chosen one. */
  stage: TemplateStage;
}

/** Titles are one line; Statuspage takes 255 characters. */
export const RENDERED_TITLE_MAX_LENGTH = 255;

export function renderTemplate(template: TemplateDraft, incident: TemplateIncident, now: Date): RenderedTemplate {
  const title = template.title === null ? null : renderTitle(template.title, incident, now);
  return {
    title: title === '' ? null : title,
    message: renderText(template.body, incident, now, TEMPLATE_BODY_MAX_LENGTH),
    stage: template.stage,
  };
}

function renderTitle(source: string, incident: TemplateIncident, now: Date): string {
  return renderText(source.replace(/\s+/g, ' '), incident, now, RENDERED_TITLE_MAX_LENGTH).replace(/\s+/g, ' ').trim();
}

/** `source` rendered for `incident`, made safe and cut to `max` characters. */
export function renderText(source: string, incident: TemplateIncident, now: Date, max: number): string {
  let text: string;
  try {
    text = String(lenientEngine.parseAndRenderSync(source, templateScope(incident, now)));
  } catch {
    text = withoutMarkup(source);
  }
  // Last: taking a mention apart only shortens the text, so nothing after it could make one again.
  return neutraliseSlackSyntax(cut(tidy(text), max));
}

function withoutMarkup(source: string): string {
  return source.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, '');
}

/** Liquid tags leave blank lines and trailing spaces where they stood. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never half of an emoji's surrogate pair.
  const highSurrogate = /[\uD800-\uDBFF]/.test(text.charAt(max - 2));
  const end = highSurrogate ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
