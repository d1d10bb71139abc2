import { isObject, violation } from './block-rules.js';
import type { StoredView } from './fake-state.js';
import { generatedBlockId, slackId, viewHash } from './ids.js';
import { type Answer, fail, type MethodContext, type MethodHandler, reject } from './method-context.js';
import { modalViewProblems } from './view-rules.js';
import { FAKE_WORKSPACE } from './workspace.js';

// views.open / views.update / views.push, with Slack's trigger, hash and validation rules.

const MAX_STACK_DEPTH = 3;

/** Slack fills in block_id and action_id where the app left them out; state.values is keyed by them. */
function withGeneratedIds(blocks: unknown[]): Record<string, unknown>[] {
  return blocks.filter(isObject).map((block) => {
    const copy: Record<string, unknown> = { ...block, block_id: block.block_id ?? generatedBlockId() };
    if (isObject(block.element)) copy.element = { ...block.element, action_id: block.element.action_id ?? generatedBlockId() };
    if (Array.isArray(block.elements) && block.type === 'actions') {
      copy.elements = block.elements.map((el) => (isObject(el) ? { ...el, action_id: el.action_id ?? generatedBlockId() } : el));
    }
    return copy;
  });
}

export interface ViewPlace {
  id: string;
  root: string;
  previous: string | null;
}

/**
 * The view as Slack stores and returns it: defaults filled in, a fresh hash, empty state. It is built on `view`
 * itself, not a copy: callers pass a view decoded from the request, which nothing else holds.
 */
export function buildStoredView(view: Record<string, unknown>, nowMs: number, place: ViewPlace): StoredView {
  const plainText = (value: unknown): Record<string, unknown> | null => (isObject(value) ? { emoji: true, ...value } : null);
  return {
    ...view,
    id: place.id,
    hash: viewHash(nowMs),
    team_id: FAKE_WORKSPACE.teamId,
    type: 'modal',
    callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
    private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
    external_id: typeof view.external_id === 'string' ? view.external_id : '',
    title: plainText(view.title) ?? {},
    submit: plainText(view.submit),
    close: plainText(view.close),
    blocks: withGeneratedIds(Array.isArray(view.blocks) ? view.blocks : []),
    state: { values: {} },
    root_view_id: place.root,
    previous_view_id: place.previous,
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
    app_id: FAKE_WORKSPACE.appId,
    app_installed_team_id: FAKE_WORKSPACE.teamId,
    bot_id: FAKE_WORKSPACE.botId,
  };
}

/** The stored view itself: the answer is serialised as it is sent, and the call log keeps a copy of what was sent. */
function answerWith(view: StoredView): Answer {
  return { ok: true, view };
}

type Checked = { view: Record<string, unknown> } | { refusal: Answer };

/** Trigger, then view: Slack reports a dead trigger before looking at the view. */
function checkTriggerAndView(args: Record<string, unknown>, ctx: MethodContext): Checked {
  const trigger = args.trigger_id ?? args.interactivity_pointer;
  if (trigger === undefined) {
    return { refusal: reject(ctx, 'invalid_arguments', [violation('missing required field: trigger_id', '/trigger_id')]) };
  }
  const triggerState = ctx.triggers.check(trigger);
  if (triggerState !== 'ok') return { refusal: fail(triggerState) };
  return checkView(args.view, ctx, undefined);
}

function checkView(view: unknown, ctx: MethodContext, updating: StoredView | undefined): Checked {
  const problems = modalViewProblems(view);
  if (problems.length > 0 || !isObject(view)) return { refusal: reject(ctx, 'invalid_arguments', problems) };
  const externalId = view.external_id;
  const holder = typeof externalId === 'string' ? ctx.state.viewByExternalId(externalId) : undefined;
  if (holder !== undefined && holder.id !== updating?.id) return { refusal: fail('duplicate_external_id') };
  return { view };
}

export const viewsOpen: MethodHandler = (args, ctx) => {
  const checked = checkTriggerAndView(args, ctx);
  if ('refusal' in checked) return checked.refusal;
  ctx.triggers.consume(String(args.trigger_id ?? args.interactivity_pointer));
  const id = slackId('V');
  const stored = buildStoredView(checked.view, ctx.now(), { id, root: id, previous: null });
  ctx.state.keepView(stored);
  return answerWith(stored);
};

function findTarget(args: Record<string, unknown>, ctx: MethodContext): { view: StoredView } | { refusal: Answer } {
  const view =
    typeof args.view_id === 'string'
      ? ctx.state.views.get(args.view_id)
      : typeof args.external_id === 'string'
        ? ctx.state.viewByExternalId(args.external_id)
        : null;
  if (view === null) {
    return { refusal: reject(ctx, 'invalid_arguments', [violation('must provide either view_id or external_id', '/view_id')]) };
  }
  return view === undefined ? { refusal: fail('not_found') } : { view };
}

export const viewsUpdate: MethodHandler = (args, ctx) => {
  const found = findTarget(args, ctx);
  if ('refusal' in found) return found.refusal;
  const current = found.view;
  if (args.hash !== undefined && args.hash !== current.hash) return fail('hash_conflict');
  const checked = checkView(args.view, ctx, current);
  if ('refusal' in checked) return checked.refusal;
  const updated = buildStoredView(checked.view, ctx.now(), {
    id: current.id,
    root: current.root_view_id,
    previous: current.previous_view_id,
  });
  updated.state = current.state;
  ctx.state.keepView(updated);
  return answerWith(updated);
};

function stackDepth(view: StoredView, ctx: MethodContext): number {
  let depth = 1;
  let previous = view.previous_view_id;
  while (previous !== null) {
    depth += 1;
    previous = ctx.state.views.get(previous)?.previous_view_id ?? null;
  }
  return depth;
}

export const viewsPush: MethodHandler = (args, ctx) => {
  const checked = checkTriggerAndView(args, ctx);
  if ('refusal' in checked) return checked.refusal;
  const trigger = String(args.trigger_id ?? args.interactivity_pointer);
  const originId = ctx.triggers.originView(trigger);
  const origin = originId === undefined ? undefined : ctx.state.views.get(originId);
  if (origin === undefined) return fail('not_found'); // a push needs a trigger from inside an open modal
  if (stackDepth(origin, ctx) >= MAX_STACK_DEPTH) return fail('push_limit_reached');
  ctx.triggers.consume(trigger);
  const id = slackId('V');
  const stored = buildStoredView(checked.view, ctx.now(), { id, root: origin.root_view_id, previous: origin.id });
  ctx.state.keepView(stored);
  return answerWith(stored);
};
