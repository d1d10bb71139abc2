import type { App } from '@slack/bolt';
import { routeListeners } from '../../src/slack/listeners/listener-router.js';

// Herald's buttons, selects, submissions and option lists reach Bolt as one listener per kind, which finds
// the handler by id (Bolt itself would run every listener's middleware on every request).

type Installed = { kind: string; constraint: unknown; listener: (args: unknown) => Promise<void> };

function recordingApp(): { app: App; installed: Installed[] } {
  const installed: Installed[] = [];
  const register = (kind: string) => (constraint: unknown, listener: Installed['listener']) =>
    installed.push({ kind, constraint, listener });
  return { app: { action: register('action'), view: register('view'), options: register('options') } as unknown as App, installed };
}

const actionArgs = (actionId: string) => ({ action: { type: 'button', action_id: actionId }, body: { type: 'block_actions' } });

describe('the listener router', () => {
  it('gives Bolt one listener per kind that has handlers, matching every id', () => {
    const { app, installed } = recordingApp();
    const listeners = routeListeners(app);
    listeners.action('a', async () => undefined);
    listeners.action('b', async () => undefined);
    listeners.view('form', async () => undefined);
    listeners.install();
    expect(installed.map((entry) => entry.kind)).toEqual(['action', 'view']);
    for (const { constraint } of installed) expect((constraint as RegExp).test('any_id:at all')).toBe(true);
  });

  it('runs the handler of the action id, an exact id before a pattern, and nothing for an unknown id', async () => {
    const { app, installed } = recordingApp();
    const listeners = routeListeners(app);
    const ran: string[] = [];
    listeners.action(/^snooze_/, async () => void ran.push('pattern'));
    listeners.action('snooze_now', async () => void ran.push('exact'));
    listeners.action('publish', async () => void ran.push('publish'));
    listeners.install();
    const action = installed.find((entry) => entry.kind === 'action')!.listener;
    await action(actionArgs('publish'));
    await action(actionArgs('snooze_now'));
    await action(actionArgs('snooze_15'));
    await action(actionArgs('unknown'));
    expect(ran).toEqual(['publish', 'exact', 'pattern']);
  });

  it('runs the submission of the view callback_id and the option list of the action id', async () => {
    const { app, installed } = recordingApp();
    const listeners = routeListeners(app);
    const ran: string[] = [];
    listeners.view('update_form', async () => void ran.push('update_form'));
    listeners.options('page_select', async () => void ran.push('page_select'));
    listeners.install();
    await installed.find((entry) => entry.kind === 'view')!.listener({ view: { callback_id: 'update_form' } });
    await installed.find((entry) => entry.kind === 'view')!.listener({ view: { callback_id: 'other' } });
    const options = installed.find((entry) => entry.kind === 'options')!.listener;
    await options({ body: { type: 'block_suggestion' }, payload: { action_id: 'page_select' } });
    await options({ body: { type: 'dialog_suggestion' }, payload: { action_id: 'page_select' } });
    expect(ran).toEqual(['update_form', 'page_select']);
  });

  it('refuses two handlers for one id, which Bolt would both have run', () => {
    const listeners = routeListeners(recordingApp().app);
    listeners.view('form', async () => undefined);
    expect(() => listeners.view('form', async () => undefined)).toThrow('two view listeners for "form"');
  });

  it('passes a handler’s failure on to Bolt', async () => {
    const { app, installed } = recordingApp();
    const listeners = routeListeners(app);
    listeners.action('boom', async () => {
      throw new Error('boom');
    });
    listeners.install();
    await expect(installed[0]!.listener(actionArgs('boom'))).rejects.toThrow('boom');
  });
});
