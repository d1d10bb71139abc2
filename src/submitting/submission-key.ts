import type { ProviderId } from '../providers/provider.js';

// The one owner of the key a submission is stored under (NewSubmission.key). One submit of one modal state is
// `<view id>:<view hash>`: a double click or a replayed request carries the same pair and finds the stored
// submission instead of publishing again. A submit that also publishes to other linked pages stores one
// submission per page; each other page's key adds `#<provider>:<page>`, so a replay finds every one of them.

export interface PageRef {
  provider: ProviderId;
  pageId: string;
}

/** The key of one submit of one modal state. */
export function formSubmitKey(view: { id: string; hash: string }): string {
  return `${view.id}:${view.hash}`;
}

/** The key of the submission the same submit stores for another linked page. */
export function pageSubmitKey(submitKey: string, page: PageRef): string {
  return `${submitKey}#${page.provider}:${page.pageId}`;
}

/** The submit a stored key belongs to: the form's own key, whichever page it was stored for. */
export function submitKeyOf(key: string): string {
  const hash = key.indexOf('#');
  return hash === -1 ? key : key.slice(0, hash);
}

/**
 * The key of a Workflow Builder step's submission: its function execution. Slack delivering the same
 * `function_executed` event twice (a retry after a slow ack) finds the stored submission and publishes once.
 */
export function workflowStepKey(functionExecutionId: string): string {
  return `function:${functionExecutionId}`;
}
