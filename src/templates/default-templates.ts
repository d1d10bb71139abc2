import type { TemplateDraft } from './template.js';

// The templates every workspace starts with, one per stage, seeded the first time its templates are listed.
// Written for the people reading the status page: short and plain, no blame and no internals, what is affected,
// what is being done, and when they will hear from us again. `key` names each one for good: a workspace that
// deletes a default keeps it deleted, and a default added in a later release reaches workspaces seeded before.

export interface DefaultTemplate extends TemplateDraft {
  key: string;
}

const NEXT_UPDATE = '{% if next_update %}We will post another update {{ next_update }}.{% endif %}';
const AFFECTED = '{% if components != empty %}Affected: {{ components }}.{% endif %}';

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  {
    key: 'incident-investigating',
    name: 'Investigating',
    stage: 'investigating',
    title: '{{ incident }}',
    body: [
      'We are investigating reports of a problem affecting some of our services.',
      AFFECTED,
      'Our team is working to understand the cause and restore normal service as quickly as possible.',
      NEXT_UPDATE,
    ].join('\n\n'),
  },
  {
    key: 'incident-identified',
    name: 'Identified',
    stage: 'identified',
    title: null,
    body: [
      'We have identified the cause of the problem and are working on a fix.',
      AFFECTED,
      'Some requests may still fail or be slow until the fix is in place.',
      NEXT_UPDATE,
    ].join('\n\n'),
  },
  {
    key: 'incident-monitoring',
    name: 'Monitoring',
    stage: 'monitoring',
    title: null,
    body: [
      'A fix has been applied and service is recovering. We are monitoring closely to make sure it stays that way.',
      'If you still see problems, please contact our support team.',
      NEXT_UPDATE,
    ].join('\n\n'),
  },
  {
    key: 'incident-resolved',
    name: 'Resolved',
    stage: 'resolved',
    title: null,
    body: [
      'This incident has been resolved and all services are operating normally.',
      'We are sorry for the disruption. We will review what happened to help prevent it from happening again.',
    ].join('\n\n'),
  },
  {
    key: 'maintenance-scheduled',
    name: 'Maintenance scheduled',
    stage: 'scheduled',
    title: '{{ incident }}',
    body: [
      'We will be performing scheduled maintenance.',
      AFFECTED,
      'We will post an update here when the maintenance starts and when it is complete.',
    ].join('\n\n'),
  },
  {
    key: 'maintenance-in-progress',
    name: 'Maintenance in progress',
    stage: 'in_progress',
    title: null,
    body: [
      'Scheduled maintenance is in progress.',
      AFFECTED,
      'Some features may be briefly unavailable while the work is under way.',
      NEXT_UPDATE,
    ].join('\n\n'),
  },
  {
    key: 'maintenance-verifying',
    name: 'Maintenance verifying',
    stage: 'verifying',
    title: null,
    body: ['The maintenance work is done and we are checking that everything is working as expected.', NEXT_UPDATE].join('\n\n'),
  },
  {
    key: 'maintenance-completed',
    name: 'Maintenance completed',
    stage: 'completed',
    title: null,
    body: 'The scheduled maintenance has been completed and all services are operating normally. Thank you for your patience.',
  },
];
