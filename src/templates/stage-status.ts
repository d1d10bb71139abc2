import type { TemplateStage } from './template-stages.js';

// A template names a stage in words every provider shares; each page has its own status records (PagerDuty's
// have opaque ids and a description such as "identified"; Statuspage's and DevHelm's ids are the words
// themselves, in their own case). The page's status for a stage is the one whose id or label reads the same,
// ignoring case, spaces, dashes and underscores.

/** A status as the update form offers it (the providers' `Choice`). */
export interface StatusChoice {
  id: string;
  label: string;
}

export function statusForStage<T extends StatusChoice>(stage: TemplateStage, statuses: readonly T[]): T | null {
  const wanted = normalise(stage);
  return (
    statuses.find((status) => normalise(status.label) === wanted) ?? statuses.find((status) => normalise(status.id) === wanted) ?? null
  );
}

function normalise(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}
