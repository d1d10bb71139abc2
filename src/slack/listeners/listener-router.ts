import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

// Bolt runs the middleware of every listener an app registers on every request it receives (it keeps no index by
// id), so each of Herald's forty-odd buttons, selects, form submissions and option lists cost every request a
// chain of its own that only decided the request was not its: measured side by side, 46 such listeners added
// 0.05 ms of CPU to each command, an eighth of what a command costs. Those are registered here instead, and Bolt
// gets one listener per kind, which finds the handler by the action's id or the view's callback_id. Commands,
// events, workflow steps and shortcuts are few and go to Bolt as they are.

type Handler<Args> = (args: Args & AllMiddlewareArgs) => Promise<void>;

/** What the folders of buttons, selects, submissions and option lists register with, in place of the App. */
export interface ListenerRegistry {
  /** A block action by its action_id (or a pattern it matches). */
  action<Action extends SlackAction = BlockAction>(actionId: string | RegExp, handler: Handler<SlackActionMiddlewareArgs<Action>>): void;
  /** A modal's submission by its callback_id. */
  view<View extends SlackViewAction = ViewSubmitAction>(callbackId: string, handler: Handler<SlackViewMiddlewareArgs<View>>): void;
  /** A select's option list (block_suggestion) by its action_id. */
  options(actionId: string, handler: Handler<SlackOptionsMiddlewareArgs<'block_suggestion'>>): void;
}

/** Handlers by id: exact ids first, then patterns in the order they were added. */
class Routes<Args> {
  private readonly exact = new Map<string, Handler<Args>>();
  private readonly patterns: { pattern: RegExp; handler: Handler<Args> }[] = [];

  constructor(private readonly kind: string) {}

  add(id: string | RegExp, handler: Handler<Args>): void {
    if (typeof id !== 'string') {
      this.patterns.push({ pattern: id, handler });
      return;
    }
    // Bolt would run both; one handler per id is what every listener here assumes.
    if (this.exact.has(id)) throw new Error(`two ${this.kind} listeners for "${id}"`);
    this.exact.set(id, handler);
  }

  find(id: unknown): Handler<Args> | undefined {
    if (typeof id !== 'string') return undefined;
    return this.exact.get(id) ?? this.patterns.find(({ pattern }) => pattern.test(id))?.handler;
  }

  get empty(): boolean {
    return this.exact.size === 0 && this.patterns.length === 0;
  }
}

/** Every id: Bolt checks the constraint, the routes choose the handler. */
const ANY_ID = /(?:)/;

/**
 * A registry over `app`: register every listener through it, then call `install()` once. A request no handler
 * takes is left unanswered, as Bolt leaves one no listener matches (unanswered-requests.ts answers it).
 */
export function routeListeners(app: App): ListenerRegistry & { install(): void } {
  const actions = new Routes<SlackActionMiddlewareArgs>('action');
  const views = new Routes<SlackViewMiddlewareArgs>('view');
  const options = new Routes<SlackOptionsMiddlewareArgs<'block_suggestion'>>('options');
  return {
    // The casts mirror Bolt's own: a listener says which action or view shape its id stands for.
    action: (actionId, handler) => actions.add(actionId, handler as unknown as Handler<SlackActionMiddlewareArgs>),
    view: (callbackId, handler) => views.add(callbackId, handler as unknown as Handler<SlackViewMiddlewareArgs>),
    options: (actionId, handler) => options.add(actionId, handler),
    install() {
      if (!actions.empty)
        app.action(ANY_ID, async (args) => actions.find('action_id' in args.action ? args.action.action_id : undefined)?.(args));
      if (!views.empty) app.view(ANY_ID, async (args) => views.find(args.view.callback_id)?.(args));
      if (!options.empty)
        app.options(ANY_ID, async (args) => {
          if (args.body.type === 'block_suggestion') await options.find(args.payload.action_id)?.(args as never);
        });
    },
  };
}
