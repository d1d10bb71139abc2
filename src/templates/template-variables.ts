import { formatDistanceStrict } from 'date-fns';
import type { TemplateIncident } from './template-incident.js';

// The variables a template body may use: exactly these, documented in docs/templates.md and listed in the
// template modal. Anything else is refused when the template is saved.

export const TEMPLATE_VARIABLES = [
  { name: 'incident', meaning: 'the incident’s title' },
  { name: 'page', meaning: 'the status page’s name' },
  { name: 'status', meaning: 'the status this update sets' },
  { name: 'components', meaning: 'the affected components and their status, as a readable list' },
  {
    name: 'next_update',
    meaning:
      'when the next update is due: `{{ next_update }}` (relative and UTC), `.relative`, `.absolute`, or `| in_zone: "Europe/Paris"`',
  },
  { name: 'author', meaning: 'who writes the update' },
] as const;

export const TEMPLATE_VARIABLE_NAMES: readonly string[] = TEMPLATE_VARIABLES.map((variable) => variable.name);

/** The longest a variable's value gets: an incident title pasted with a log in it stays a title. */
const VALUE_MAX_LENGTH = 500;
const COMPONENTS_MAX = 30;

/**
 * `next_update`: prints as "in 30 minutes (Mon 7 Dec, 14:30 UTC)", and has `relative` and `absolute` for either
 * half; the `in_zone` filter (template-engine.ts) reads `at` to give the time in another zone. Not a Liquid
 * Drop: templates may read a Drop's prototype (its methods, its constructor), but only a plain object's own
 * properties, so `relative` and `absolute` are all a template sees; Liquid prints it with `toString`.
 */
export class NextUpdate {
  readonly relative: string;
  readonly absolute: string;
  readonly #at: Date;

  constructor(at: Date, now: Date) {
    this.#at = at;
    this.relative = formatDistanceStrict(at, now, { addSuffix: true, roundingMethod: 'round' });
    this.absolute = formatInZone(at, 'UTC') ?? at.toISOString();
  }

  get at(): Date {
    return this.#at;
  }

  toString(): string {
    return `${this.relative} (${this.absolute})`;
  }
}

/** "Mon 7 Dec, 15:30 CET"; undefined when `timeZone` is not one the runtime knows. */
export function formatInZone(at: Date, timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(at);
  } catch {
    return undefined;
  }
}

/** "Checkout API (partial outage), Dashboard (degraded performance)"; empty when none is affected. */
export function readableComponents(components: TemplateIncident['components']): string {
  const shown = components.slice(0, COMPONENTS_MAX).map(({ name, status }) => {
    const readable = status.replace(/_/g, ' ').trim().toLowerCase();
    return readable === '' ? clip(name) : `${clip(name)} (${clip(readable)})`;
  });
  const more = components.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** The variables, as the engine sees them. */
export function templateScope(incident: TemplateIncident, now: Date): Record<string, unknown> {
  const nextUpdateAt = incident.nextUpdateAt;
  return {
    incident: clip(incident.title),
    page: clip(incident.page),
    status: clip(incident.status),
    components: readableComponents(incident.components),
    next_update: nextUpdateAt !== null && Number.isFinite(nextUpdateAt.getTime()) ? new NextUpdate(nextUpdateAt, now) : null,
    author: clip(incident.author),
  };
}

function clip(value: string): string {
  return value.length > VALUE_MAX_LENGTH ? value.slice(0, VALUE_MAX_LENGTH) : value;
}
