// The stage of an incident or a maintenance a template is written for. They are the statuses Statuspage names
// (PagerDuty and DevHelm use the same words for incidents); a template's stage is what the update form sets the
// status to when the template is chosen.

export const INCIDENT_STAGES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STAGES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const TEMPLATE_STAGES = [...INCIDENT_STAGES, ...MAINTENANCE_STAGES] as const;

export type TemplateStage = (typeof TEMPLATE_STAGES)[number];

const LABELS: Record<TemplateStage, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export function isTemplateStage(value: unknown): value is TemplateStage {
  return typeof value === 'string' && (TEMPLATE_STAGES as readonly string[]).includes(value);
}

export function isMaintenanceStage(stage: TemplateStage): boolean {
  return (MAINTENANCE_STAGES as readonly string[]).includes(stage);
}

/** "In progress" for `in_progress`: how a stage is shown to people. */
export function stageLabel(stage: TemplateStage): string {
  return LABELS[stage];
}
