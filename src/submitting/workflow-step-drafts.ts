import type { ProviderCatalog } from '../providers/catalog.js';
import type { Choice, Component, Post, PostOptions, StatusPage } from '../providers/provider.js';
import { MESSAGE_MAX_LENGTH, NOT_OPENED_YET, type UpdateDraft, updateDraftSchema } from '../updates/draft.js';

// A Workflow Builder step names its page, incident and status in words a workflow's author typed (or a previous
// step produced): here they become the same draft the update form builds, checked against what the page offers.
// Names are matched by id or by label, ignoring case, so "Investigating" and "investigating" both do; anything
// that matches nothing is refused with the choices there are, before anything is stored.

/** The inputs of "Post a status page update". */
export interface UpdateStepInputs {
  page: string;
  incident: string;
  status: string;
  message: string;
  notify: boolean;
}

/** The inputs of "Open a status page incident". */
export interface OpenStepInputs {
  page: string;
  title: string;
  status: string;
  /** The severity or impact the provider takes when opening; empty: none. */
  impact: string;
  message: string;
  /** `Component name = impact` pairs, one per line or comma-separated; empty: no component changes. */
  components: string;
  notify: boolean;
}

export type DraftFromInputs = { ok: true; draft: UpdateDraft } | { ok: false; problem: string };

/** The draft of an update to an open incident, or why these inputs cannot make one. */
export async function draftUpdateFromInputs(catalog: ProviderCatalog, inputs: UpdateStepInputs): Promise<DraftFromInputs> {
  const page = await findPage(catalog, inputs.page);
  if (!page.ok) return page;
  const posts = await catalog.listOpenPosts(page.value.provider, page.value.id);
  const post = pick(posts, inputs.incident, (p: Post) => p.title, 'open incident or maintenance', `on ${page.value.name}`);
  if (!post.ok) return post;
  const options = await catalog.loadPostOptions(page.value.provider, page.value.id, post.value.kind);
  const status = pick(options.statuses, inputs.status, (s) => s.label, 'status', `for ${post.value.title}`);
  if (!status.ok) return status;
  const kept = await keptFromPage(catalog, page.value, post.value, options);
  return checked({
    provider: page.value.provider,
    page: { id: page.value.id, name: page.value.name, url: page.value.url },
    post: { id: post.value.id, title: post.value.title, kind: post.value.kind, url: post.value.url },
    status: status.value,
    severity: kept.severity,
    message: inputs.message,
    impacts: kept.impacts,
    notifySubscribers: inputs.notify,
    nextUpdateMinutes: null,
    reportedAt: null,
    opening: null,
  });
}

/** The draft that opens a new incident, or why these inputs cannot make one. */
export async function draftOpeningFromInputs(catalog: ProviderCatalog, inputs: OpenStepInputs): Promise<DraftFromInputs> {
  const page = await findPage(catalog, inputs.page);
  if (!page.ok) return page;
  const title = inputs.title.trim();
  if (title === '') return { ok: false, problem: 'The incident needs a title.' };
  const opening = catalog.provider(page.value.provider).opening;
  if (title.length > opening.titleMaxLength)
    return {
      ok: false,
      problem: `The title is ${title.length} characters long; ${page.value.name} takes at most ${opening.titleMaxLength}.`,
    };
  const options = await catalog.loadOpenOptions(page.value.provider, page.value.id, 'incident');
  const status = pick(options.statuses, inputs.status, (s) => s.label, 'status', `for a new incident on ${page.value.name}`);
  if (!status.ok) return status;
  let severity: Choice | null = null;
  if (inputs.impact.trim() !== '') {
    const found = pick(options.severities, inputs.impact, (s) => s.label, 'impact', `on ${page.value.name}`);
    if (!found.ok) return found;
    severity = found.value;
  }
  const impacts = readComponents(options, inputs.components);
  if (!impacts.ok) return impacts;
  return checked({
    provider: page.value.provider,
    page: { id: page.value.id, name: page.value.name, url: page.value.url },
    post: { id: NOT_OPENED_YET, title, kind: 'incident', url: null },
    status: status.value,
    severity,
    message: inputs.message,
    impacts: impacts.value,
    notifySubscribers: inputs.notify,
    nextUpdateMinutes: null,
    reportedAt: null,
    opening: { title, window: null },
  });
}

/**
 * A step changes the status and says something; severity and services stay as the page shows them. Where every
 * update carries a severity and lists every service (PagerDuty), they are repeated from the post's newest entry
 * on the page, as the form would prefill them; elsewhere the page keeps its components when sent none.
 */
async function keptFromPage(
  catalog: ProviderCatalog,
  page: StatusPage,
  post: Post,
  options: PostOptions,
): Promise<Pick<UpdateDraft, 'severity' | 'impacts'>> {
  const provider = catalog.provider(page.provider);
  if (!provider.capabilities.severity) return { severity: null, impacts: [] };
  const timeline = await provider.listTimeline(page.id, post.id);
  const newest = timeline.reduce<(typeof timeline)[number] | undefined>(
    (latest, entry) => (latest === undefined || (entry.reportedAt ?? '') > (latest.reportedAt ?? '') ? entry : latest),
    undefined,
  );
  const severity = options.severities.find((choice) => choice.id === newest?.severityId) ?? options.severities[0] ?? null;
  const impacts = (newest?.impacts ?? []).flatMap((impact) => {
    const component = options.components.find((c) => c.id === impact.componentId);
    const level = options.impacts.find((choice) => choice.id === impact.impactId);
    return component && level ? [{ component: { id: component.id, label: component.name }, impact: level }] : [];
  });
  return { severity, impacts };
}

type Found<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A page named by `<provider>:<page id>`, its id, or its name. */
async function findPage(catalog: ProviderCatalog, wanted: string): Promise<Found<StatusPage>> {
  const { pages, failures } = await catalog.listPages();
  const key = normalise(wanted);
  const found = pages.find(
    (page) => normalise(`${page.provider}:${page.id}`) === key || normalise(page.id) === key || normalise(page.name) === key,
  );
  if (found) return { ok: true, value: found };
  const unread = failures.length > 0 ? ` (${failures.map((f) => f.providerName).join(', ')} could not be read just now)` : '';
  const names = pages.map((page) => `${page.name} (${page.provider}:${page.id})`).join(', ');
  return { ok: false, problem: `No status page is called “${wanted}”${unread}. Pages: ${names || 'none'}.` };
}

function pick<T extends { id: string }>(
  choices: readonly T[],
  wanted: string,
  labelOf: (choice: T) => string,
  what: string,
  where: string,
): Found<T> {
  const key = normalise(wanted);
  const found = choices.find((choice) => normalise(choice.id) === key) ?? choices.find((choice) => normalise(labelOf(choice)) === key);
  if (found) return { ok: true, value: found };
  const offered = choices.map(labelOf).join(', ');
  return { ok: false, problem: `No ${what} “${wanted}” ${where}. Choose one of: ${offered || 'none'}.` };
}

/** `API = Partial outage, Website = Operational`: each component, and the state it takes. */
function readComponents(options: PostOptions, text: string): Found<UpdateDraft['impacts']> {
  const impacts: UpdateDraft['impacts'] = [];
  for (const item of text.split(/[\n,]/).map((part) => part.trim())) {
    if (item === '') continue;
    const [name = '', impact = ''] = item.split('=').map((part) => part.trim());
    if (impact === '') return { ok: false, problem: `Say the state of “${name}” as “${name} = <state>”.` };
    const component = pick<Component>(options.components, name, (c) => c.name, 'component', 'on this page');
    if (!component.ok) return component;
    const level = pick(options.impacts, impact, (c) => c.label, 'component state', `for ${component.value.name}`);
    if (!level.ok) return level;
    impacts.push({ component: { id: component.value.id, label: component.value.name }, impact: level.value });
  }
  return { ok: true, value: impacts };
}

function checked(draft: UpdateDraft): DraftFromInputs {
  if (draft.message.trim() === '') return { ok: false, problem: 'The message is empty.' };
  if (draft.message.length > MESSAGE_MAX_LENGTH)
    return { ok: false, problem: `The message is ${draft.message.length} characters long; at most ${MESSAGE_MAX_LENGTH} are published.` };
  const parsed = updateDraftSchema.safeParse(draft);
  return parsed.success
    ? { ok: true, draft: parsed.data }
    : { ok: false, problem: 'These inputs do not make an update Herald can publish.' };
}

function normalise(text: string): string {
  return text.trim().toLowerCase();
}
