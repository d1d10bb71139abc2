// What a template is rendered with: the incident as the update form knows it when a template is chosen.
// Plain data, so the update and create forms can build it from whatever they hold.

export interface TemplateComponent {
  name: string;
  /** The component's status as the provider names it (`partial_outage`, `Degraded performance`…). */
  status: string;
}

export interface TemplateIncident {
  /** The incident's or maintenance's title; empty for one not opened yet. */
  title: string;
  /** The status page's name. */
  page: string;
  /** The status the update sets, as people read it ("Identified"). */
  status: string;
  /** The affected components, each with its status. */
  components: readonly TemplateComponent[];
  /** When the next update is due; null when none is (a final update). */
  nextUpdateAt: Date | null;
  /** Who writes the update: their Slack display name. */
  author: string;
}

/** The incident the template modal previews against, and every template is checked against when saved. */
export function sampleIncident(now: Date): TemplateIncident {
  return {
    title: 'Elevated error rates on checkout',
    page: 'Acme Status',
    status: 'Identified',
    components: [
      { name: 'Checkout API', status: 'partial_outage' },
      { name: 'Dashboard', status: 'degraded_performance' },
    ],
    nextUpdateAt: new Date(now.getTime() + 30 * 60_000),
    author: 'Alex Doe',
  };
}
