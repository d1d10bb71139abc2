import type { PlainTextOption } from '@slack/types';
import type { Component, Post, PostKind, ProviderId, StatusPage } from '../../../providers/provider.js';
import { truncate } from '../../../slack-kit/mrkdwn.js';
import { NEW_POST_OPTION_VALUE } from './update-form-ids.js';

// How pages, posts and components become select options and how a selected value is read back. The form,
// the options listener (external selects) and the parser all go through here, so a value written by one is
// always understood by the others.

export const OPTION_TEXT_MAX_LENGTH = 75;
export const OPTION_VALUE_MAX_LENGTH = 150;

/** A status page offered in the form, with the provider's display name ("PagerDuty"). */
export interface PageChoice extends StatusPage {
  providerName: string;
}

/** One option as the external-select listener serves it. */
export interface OptionChoice {
  value: string;
  text: string;
}

const PROVIDER_IDS: readonly ProviderId[] = ['pagerduty', 'devhelm', 'statuspage'];
const POST_KINDS: readonly PostKind[] = ['incident', 'maintenance'];

export function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(text, OPTION_TEXT_MAX_LENGTH), emoji: true }, value };
}

export function pageOptionValue(page: Pick<StatusPage, 'provider' | 'id'>): string {
  return `${page.provider}:${page.id}`;
}

export function parsePageOptionValue(value: string): { provider: ProviderId; pageId: string } | null {
  const colon = value.indexOf(':');
  const provider = value.slice(0, colon) as ProviderId;
  const pageId = value.slice(colon + 1);
  if (colon === -1 || !PROVIDER_IDS.includes(provider) || pageId === '') return null;
  return { provider, pageId };
}

/** "Public site · PagerDuty": the page name gives way first, so the provider always shows. */
export function pageOptionText(page: PageChoice): string {
  const suffix = ` · ${truncate(page.providerName, 30)}`;
  return truncate(page.name, OPTION_TEXT_MAX_LENGTH - suffix.length) + suffix;
}

export function pageOption(page: PageChoice): PlainTextOption {
  return option(pageOptionText(page), pageOptionValue(page));
}

export function postOptionValue(post: Pick<Post, 'kind' | 'id'>): string {
  return `${post.kind}:${post.id}`;
}

export function parsePostOptionValue(value: string): { kind: PostKind; postId: string } | null {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon) as PostKind;
  const postId = value.slice(colon + 1);
  if (colon === -1 || !POST_KINDS.includes(kind) || postId === '') return null;
  return { kind, postId };
}

/** Grouped selects show the kind in the group label; a flat (external) list needs it in the text. */
export function postOptionText(post: Post, withKind: boolean): string {
  if (!withKind) return post.title;
  return `${post.kind === 'incident' ? 'Incident' : 'Maintenance'} · ${post.title}`;
}

export function postOption(post: Post, withKind: boolean): PlainTextOption {
  return option(postOptionText(post, withKind), postOptionValue(post));
}

export function componentOption(component: Pick<Component, 'id' | 'name'>): PlainTextOption {
  return option(component.name, component.id);
}

/** What the options listener serves for the external page select. */
export function pageChoices(pages: PageChoice[]): OptionChoice[] {
  return pages.map((page) => ({ value: pageOptionValue(page), text: pageOptionText(page) }));
}

/** First in the external post select, as in the static one: turns the form to opening a post. */
export const NEW_POST_CHOICE: OptionChoice = { value: NEW_POST_OPTION_VALUE, text: 'New incident or maintenance…' };

/** What the options listener serves for the external post select. */
export function postChoices(posts: Post[]): OptionChoice[] {
  return posts.map((post) => ({ value: postOptionValue(post), text: postOptionText(post, true) }));
}

/** What the options listener serves for the external multi-select of impacted components. */
export function componentChoices(components: Pick<Component, 'id' | 'name'>[]): OptionChoice[] {
  return components.map((component) => ({ value: component.id, text: component.name }));
}
