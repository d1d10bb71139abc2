import type { ProviderCatalog } from '../providers/catalog.js';
import type { StatusPage } from '../providers/provider.js';

// What Workflow Builder offers in the pickers of Herald's steps while a workflow is being built (Slack's dynamic
// options): the pages, a page's open incidents and maintenances, and the statuses for one of them or for a new
// incident. Each value is what the steps read back (workflow-step-drafts.ts matches ids), each label what the
// form shows. A list that cannot be read is empty, never an error: the builder can still type the value.

export interface StepOption {
  label: string;
  value: string;
}

/** Every page of every configured provider, valued `<provider>:<page id>`. */
export async function pageOptions(catalog: ProviderCatalog): Promise<StepOption[]> {
  const { pages } = await catalog.listPages();
  return pages.map((page) => ({ label: `${page.name} (${page.providerName})`, value: pageValue(page) }));
}

/** The open incidents and maintenances of the page `pageValue` names. */
export async function incidentOptions(catalog: ProviderCatalog, pageValue: string): Promise<StepOption[]> {
  const page = await findPage(catalog, pageValue);
  if (!page) return [];
  const posts = await catalog.listOpenPosts(page.provider, page.id);
  return posts.map((post) => ({ label: post.kind === 'maintenance' ? `${post.title} (maintenance)` : post.title, value: post.id }));
}

/** The statuses for an update to `incidentId` on the page, or for a new incident when no incident is given. */
export async function statusOptions(catalog: ProviderCatalog, pageValue: string, incidentId: string): Promise<StepOption[]> {
  const page = await findPage(catalog, pageValue);
  if (!page) return [];
  if (incidentId === '') {
    const options = await catalog.loadOpenOptions(page.provider, page.id, 'incident');
    return options.statuses.map((status) => ({ label: status.label, value: status.id }));
  }
  const post = (await catalog.listOpenPosts(page.provider, page.id)).find((candidate) => candidate.id === incidentId);
  if (!post) return [];
  const options = await catalog.loadPostOptions(page.provider, page.id, post.kind);
  return options.statuses.map((status) => ({ label: status.label, value: status.id }));
}

function pageValue(page: StatusPage): string {
  return `${page.provider}:${page.id}`;
}

async function findPage(catalog: ProviderCatalog, value: string): Promise<StatusPage | undefined> {
  const { pages } = await catalog.listPages();
  return pages.find((page) => pageValue(page) === value.trim());
}
