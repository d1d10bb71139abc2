import type { PostOptions, ProviderCapabilities, ProviderId, TimelineEntry } from '../providers/provider.js';
import type { DraftChoice, UpdateDraft } from './draft.js';

// One form, several linked pages: the update written for the page in the form is carried to each other page
// the channel is linked to. What customers read is the same everywhere (message, notify, next update); the
// status is said in that page's own vocabulary; components are only changed on the page in the form (each
// page has its own services, and the form has room for one page's). The other pages keep theirs: providers
// that keep components unless told (DevHelm, Statuspage) are sent none, and PagerDuty, where an update lists
// every impact, repeats the impacts of the post's newest entry on the page (none once it is resolved). The
// page's own entry, not Herald's last update: an incident opened or changed in PagerDuty itself would
// otherwise have its services rolled back, or wiped.

export interface LinkedTarget {
  provider: ProviderId;
  page: UpdateDraft['page'];
  post: UpdateDraft['post'];
}

export type DerivedDraft = { ok: true; draft: UpdateDraft } | { ok: false; reason: string };

/** The target post's newest entry on its page (where updates list every impact); null when it has none. */
export type NewestEntry = Pick<TimelineEntry, 'severityId' | 'impacts'> | null;

/** Statuses that say the same thing in different vocabularies (incident and maintenance ones included). */
const SAME_MEANING: readonly (readonly string[])[] = [
  ['investigating', 'scheduled'],
  ['identified', 'inprogress'],
  ['monitoring', 'verifying'],
  ['resolved', 'completed'],
];

const FINAL = new Set(['resolved', 'completed']);

export function deriveLinkedDraft(
  primary: UpdateDraft,
  target: LinkedTarget,
  options: PostOptions,
  capabilities: ProviderCapabilities,
  newest: NewestEntry,
): DerivedDraft {
  const where = `${target.post.title} on ${target.page.name}`;
  const status = matchStatus(primary.status, options.statuses);
  if (!status) return { ok: false, reason: `${where} has no status like “${primary.status.label}”: choose another status, or untick it.` };

  let severity: DraftChoice | null = null;
  if (capabilities.severity && options.severities.length > 0) {
    severity =
      (primary.severity && findByName(primary.severity, options.severities)) ??
      options.severities.find((s) => newest?.severityId != null && s.id === newest.severityId) ??
      null;
    if (!severity) {
      const reason = primary.severity
        ? `${where} needs a severity and has none like “${primary.severity.label}”: choose another severity, or untick it.`
        : `${where} needs a severity, which this form does not ask for: untick it, and update it from a form on its own page.`;
      return { ok: false, reason };
    }
  }

  const impacts = capabilities.componentsKeepUnlessChanged || isFinal(status) ? [] : impactsOf(newest, options);

  return {
    ok: true,
    draft: {
      provider: target.provider,
      page: target.page,
      post: target.post,
      status,
      severity,
      message: primary.message,
      impacts,
      notifySubscribers: primary.notifySubscribers,
      nextUpdateMinutes: primary.nextUpdateMinutes,
      reportedAt: capabilities.reportedAt ? primary.reportedAt : null,
    },
  };
}

/** The entry's impacts as draft choices; one naming a service or impact the page no longer has is left out. */
function impactsOf(entry: NewestEntry, options: PostOptions): UpdateDraft['impacts'] {
  return (entry?.impacts ?? []).flatMap(({ componentId, impactId }) => {
    const component = options.components.find((c) => c.id === componentId);
    const impact = options.impacts.find((i) => i.id === impactId);
    return component && impact
      ? [{ component: { id: component.id, label: component.name }, impact: { id: impact.id, label: impact.label } }]
      : [];
  });
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function names(choice: DraftChoice): string[] {
  return [normalize(choice.label), normalize(choice.id)];
}

function findByName(wanted: DraftChoice, choices: readonly DraftChoice[]): DraftChoice | undefined {
  const wantedNames = names(wanted);
  return choices.find((choice) => names(choice).some((name) => wantedNames.includes(name)));
}

function isFinal(status: DraftChoice): boolean {
  return names(status).some((name) => FINAL.has(name));
}

/** The same status by name; else one that means the same ("completed" for "resolved", say). */
function matchStatus(wanted: DraftChoice, statuses: readonly DraftChoice[]): DraftChoice | null {
  const exact = findByName(wanted, statuses);
  if (exact) return { id: exact.id, label: exact.label };
  const wantedNames = names(wanted);
  const meaning = SAME_MEANING.find((group) => group.some((name) => wantedNames.includes(name)));
  if (!meaning) return null;
  const match = statuses.find((status) => names(status).some((name) => meaning.includes(name)));
  return match ? { id: match.id, label: match.label } : null;
}
