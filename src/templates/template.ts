import type { TemplateStage } from './template-stages.js';

// A public update template: what a responder starts from instead of a blank message.

/** What a person writes when adding or editing a template. */
export interface TemplateDraft {
  name: string;
  stage: TemplateStage;
  /** For new incidents and maintenance only; null when the template has none. */
  title: string | null;
  /** Liquid source (see template-variables.ts for what it may use). */
  body: string;
}

export interface Template extends TemplateDraft {
  id: string;
  /** Which of Herald's default templates this one was seeded from; null for a workspace's own. */
  defaultKey: string | null;
  updatedAt: Date;
}

export const TEMPLATE_NAME_MAX_LENGTH = 60;
export const TEMPLATE_TITLE_MAX_LENGTH = 200;
/** The update form's message field holds at most 3,000 characters (Slack's plain text input limit). */
export const TEMPLATE_BODY_MAX_LENGTH = 3000;
/** Each template takes two blocks of the list modal, which holds 100. */
export const TEMPLATES_PER_WORKSPACE_MAX = 40;
