import { blockProblems, isObject, violation } from './block-rules.js';
import type { StoredView } from './fake-state.js';
import { slackId, viewHash } from './ids.js';
import { type Answer, fail, type MethodHandler, reject } from './method-context.js';
import { FAKE_WORKSPACE } from './workspace.js';

// views.publish: an app's Home tab for one user, with the rules Slack documents for it (no scope needed; a
// `home` view of at most 100 blocks and 250 kB; `user_id` required and known; `hash` must match when sent;
// `not_enabled` when the app's Home tab is switched off).

/** Slack's "view_too_large": a view over 250 kB. */
export const MAX_VIEW_BYTES = 250_000;

function homeViewProblems(view: unknown): string[] {
  if (!isObject(view)) return [violation('must be a JSON object', '/view')];
  const problems: string[] = [];
  if (view.type !== 'home') problems.push(violation('must be "home"', '/view/type'));
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) problems.push(violation('missing required field: blocks', '/view/blocks'));
  else if (blocks.length > 100) problems.push(violation('must provide no more than 100 items', '/view/blocks'));
  for (const key of ['private_metadata', 'callback_id', 'external_id'] as const) {
    const value = view[key];
    const max = key === 'private_metadata' ? 3000 : 255;
    if (value !== undefined && (typeof value !== 'string' || value.length > max)) {
      problems.push(violation(`must be a string of at most ${max} characters`, `/view/${key}`));
    }
  }
  problems.push(...blockProblems(Array.isArray(blocks) ? blocks : [], '/view/blocks'));
  return problems;
}

export const viewsPublish: MethodHandler = (args, ctx) => {
  const userId = args.user_id;
  if (typeof userId !== 'string' || userId === '') {
    return reject(ctx, 'invalid_arguments', [violation('missing required field: user_id', '/user_id')]);
  }
  if (!ctx.state.users.has(userId)) return reject(ctx, 'invalid_arguments', ['invalid `user_id`']);
  if (!ctx.state.homeTabEnabled) return fail('not_enabled');
  const view = typeof args.view === 'string' ? parseView(args.view) : args.view;
  if (JSON.stringify(view ?? null).length > MAX_VIEW_BYTES) return fail('view_too_large');
  const problems = homeViewProblems(view);
  if (problems.length > 0 || !isObject(view)) return reject(ctx, 'invalid_arguments', problems);
  const current = ctx.state.homeViews.get(userId);
  if (args.hash !== undefined && args.hash !== current?.hash) return fail('hash_conflict');
  const id = current?.id ?? slackId('V');
  const stored: StoredView = {
    ...structuredClone(view),
    id,
    hash: viewHash(ctx.now()),
    team_id: FAKE_WORKSPACE.teamId,
    type: 'home',
    callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
    private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
    external_id: typeof view.external_id === 'string' ? view.external_id : '',
    title: {},
    submit: null,
    close: null,
    blocks: structuredClone(view.blocks as Record<string, unknown>[]),
    state: { values: {} },
    root_view_id: id,
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
    app_id: FAKE_WORKSPACE.appId,
    app_installed_team_id: FAKE_WORKSPACE.teamId,
    bot_id: FAKE_WORKSPACE.botId,
  };
  ctx.state.homeViews.set(userId, stored);
  // Serialised as it is sent; the call log keeps a copy of what was sent.
  return { ok: true, view: stored } satisfies Answer;
};

function parseView(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
