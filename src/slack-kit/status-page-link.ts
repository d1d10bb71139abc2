import { mrkdwnLink, truncate } from './mrkdwn.js';

// The one way Herald links to a status page in Slack, in every message and view: "View on Acme Status",
// to the incident's own page where the provider gives one, else to the page's front. Readers learn one
// wording; the page's name says where they are going better than the provider's or "the status page".

export interface LinkTarget {
  page: { name: string; url: string | null };
  post: { url: string | null };
}

/** `<url|View on Acme Status>`, or null when there is no http(s) address to link to. */
export function statusPageLink({ page, post }: LinkTarget): string | null {
  const url = post.url ?? page.url;
  if (!url) return null;
  const link = mrkdwnLink(url, statusPageLinkLabel(page.name));
  // mrkdwnLink falls back to the bare label for anything that is not an http(s) URL: no link then.
  return link.startsWith('<') ? link : null;
}

/** "View on Acme Status", as plain text (mrkdwnLink escapes it). */
export function statusPageLinkLabel(pageName: string): string {
  const name = truncate(pageName.replace(/\s+/g, ' ').trim(), 100);
  return name === '' ? 'View on the status page' : `View on ${name}`;
}
