import { ProviderError } from '../providers/provider-error.js';
import type { PublishFailure } from '../updates/submission.js';

/** What the failed send was for: an update to an existing post, or opening a post. */
export type SendAction = 'publish' | 'open';

/**
 * Turns why publishing failed into plain words for a responder in a hurry: what happened, that
 * nothing was published, and what to do next. The provider's own message is kept verbatim, since
 * it usually names the exact field at fault.
 */
export function describeFailure(error: unknown, providerName: string, action: SendAction = 'publish'): PublishFailure {
  if (!(error instanceof ProviderError)) {
    return {
      kind: 'internal',
      message: `Herald could not ${action === 'open' ? 'open this' : 'publish this update'} on ${providerName} because of an internal error. Nothing was published. Try again; if it keeps failing, tell whoever runs Herald.`,
    };
  }
  if (action === 'open') return describeOpenFailure(error, providerName);
  const theirWords = error.providerMessage ? ` ${providerName} said: “${error.providerMessage}”` : '';
  const reference = error.requestId ? ` (request id ${error.requestId})` : '';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  const messages: Record<ProviderError['kind'], string> = {
    rejected: `${providerName} refused the update${status}.${theirWords} Nothing was published: fix the form and publish again.`,
    unauthorized: `${providerName} did not accept Herald's API token${status}.${theirWords} Nothing was published. Ask whoever runs Herald to check the token and its permissions.`,
    not_found: `${providerName} could not find this status page or incident${status}: it may have been closed or deleted.${theirWords} Nothing was published.`,
    rate_limited: `${providerName} is limiting how fast Herald may send${status}. Nothing was published. Wait a minute and try again.`,
    unavailable: `${providerName} could not be reached${status}.${theirWords} Nothing was published. Try again in a moment.`,
    ambiguous: `${providerName} did not confirm the update${status}, and it is not on the incident's timeline: nothing was published.${theirWords} Try again.`,
    invalid_response: `${providerName} answered with something Herald could not read${status}. Check the status page before trying again: the update may or may not be there.`,
  };
  return {
    kind: error.kind,
    message: messages[error.kind] + reference,
    status: error.status,
    requestId: error.requestId,
  };
}

/** Opening a post failed: the same cases, said of a post that does not exist yet. */
function describeOpenFailure(error: ProviderError, providerName: string): PublishFailure {
  const theirWords = error.providerMessage ? ` ${providerName} said: “${error.providerMessage}”` : '';
  const reference = error.requestId ? ` (request id ${error.requestId})` : '';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  const messages: Record<ProviderError['kind'], string> = {
    rejected: `${providerName} refused to open it${status}.${theirWords} Nothing was created: fix the form and try again.`,
    unauthorized: `${providerName} did not accept Herald's API token${status}.${theirWords} Nothing was created. Ask whoever runs Herald to check the token and its permissions.`,
    not_found: `${providerName} could not find this status page${status}.${theirWords} Nothing was created.`,
    rate_limited: `${providerName} is limiting how fast Herald may send${status}. Nothing was created. Wait a minute and try again.`,
    unavailable: `${providerName} could not be reached${status}.${theirWords} Nothing was created. Try again in a moment.`,
    ambiguous: `${providerName} did not confirm it${status}, and it is not among the page's recent posts: nothing was created.${theirWords} Try again.`,
    invalid_response: `${providerName} answered with something Herald could not read${status}. Check the status page before trying again: it may or may not have been created.`,
  };
  return { kind: error.kind, message: messages[error.kind] + reference, status: error.status, requestId: error.requestId };
}

/** The send may have landed, and the page could not be read to find out. */
export function describeUnconfirmed(providerName: string, action: SendAction = 'publish'): PublishFailure {
  if (action === 'open') {
    return {
      kind: 'unconfirmed',
      message: `${providerName} did not confirm it, and Herald could not read the page's recent posts to check whether it was created. Check the status page before trying again, so it is not opened twice.`,
    };
  }
  return {
    kind: 'unconfirmed',
    message: `${providerName} did not confirm the update, and Herald could not read the incident's timeline to check whether it arrived. Look at the status page before publishing again, so the update does not appear twice.`,
  };
}

/** The submission names a status-page provider this Herald is not configured for. */
export function describeNotConfigured(error: unknown): PublishFailure {
  const why = error instanceof Error ? `${error.message} ` : '';
  return {
    kind: 'not_configured',
    message: `${why}Nothing was published. Ask whoever runs Herald to set it up again, or publish to another status page.`,
  };
}

/**
 * A change to a post that exists (publishing its draft, moving its window) failed: `what` names it ("publish
 * the draft"). Sent once, from a button: the user sees the page's own words and tries again.
 */
export function describeChangeFailure(error: unknown, providerName: string, what: string): string {
  if (!(error instanceof ProviderError))
    return `Herald could not ${what} on ${providerName} because of an internal error. Nothing changed; try again.`;
  const theirWords = error.providerMessage ? ` ${providerName} said: “${error.providerMessage}”` : '';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  const reference = error.requestId ? ` (request id ${error.requestId})` : '';
  const outcome =
    error.kind === 'ambiguous' || error.kind === 'invalid_response'
      ? 'Check the status page: it may or may not have changed.'
      : 'Nothing changed; try again.';
  return `Herald could not ${what} on ${providerName}${status}.${theirWords} ${outcome}${reference}`;
}
