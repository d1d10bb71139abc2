import type { FakeState, StoredView } from './fake-state.js';
import { slackId } from './ids.js';
import { buildStoredView } from './view-methods.js';
import { modalViewProblems } from './view-rules.js';

// A view_submission ack can change the modal (`response_action`), and Slack then gives the view a
// new hash. The fake never sees acks, so tests pass them here to keep views.update's hash honest.

export interface ViewAck {
  response_action?: 'update' | 'push' | 'clear' | 'errors' | string;
  view?: Record<string, unknown>;
  errors?: Record<string, string>;
}

/** Returns the view the user now sees, or undefined when the modal closed. Throws on an invalid view, as Slack would refuse it. */
export function applyViewAck(state: FakeState, viewId: string, ack: ViewAck | undefined, now: () => number): StoredView | undefined {
  const current = state.views.get(viewId);
  if (current === undefined) throw new Error(`fake Slack: no open view ${viewId}`);
  const action = ack?.response_action;
  if (action === undefined || action === 'clear') {
    // An empty ack closes the submitted view; `clear` closes the whole stack.
    const closing = action === 'clear' ? [...state.views.values()].filter((v) => v.root_view_id === current.root_view_id) : [current];
    for (const view of closing) state.views.delete(view.id);
    return current.previous_view_id === null || action === 'clear' ? undefined : state.views.get(current.previous_view_id);
  }
  if (action === 'errors') return current;
  if ((action === 'update' || action === 'push') && ack?.view !== undefined) {
    const problems = modalViewProblems(ack.view);
    if (problems.length > 0) {
      state.violations.push({ method: `view_submission ack (${action})`, error: 'invalid_arguments', messages: problems, at: now() });
      throw new Error(`fake Slack: the ack's view is invalid:\n${problems.join('\n')}`);
    }
    const place =
      action === 'update'
        ? { id: current.id, root: current.root_view_id, previous: current.previous_view_id }
        : { id: slackId('V'), root: current.root_view_id, previous: current.id };
    // The test still holds the ack it passed: the stored view gets a copy of its own.
    const next = buildStoredView(structuredClone(ack.view), now(), place);
    state.keepView(next);
    return next;
  }
  throw new Error(`fake Slack: unsupported view ack ${JSON.stringify(ack)}`);
}
