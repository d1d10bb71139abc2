import type { App } from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';
import { MESSAGE_BLOCK_ID, UPDATE_FORM_CALLBACK_ID } from '../blocks/ids.js';

// A request from a workspace Herald holds no token for (removed, token revoked, never installed, or its stored
// installation unreadable): without a token Herald can open no form and post nothing, so it says so at once, in
// the only place it still can, the answer to the request itself. Events pass: uninstall events arrive exactly
// when the token is gone (see uninstall-listeners.ts).

type Body = Record<string, unknown>;

export function refuseWorkspacesWithoutToken(app: App, options: { logger: Logger; installUrl: string | undefined }): void {
  app.use(async ({ context, body, next, ...rest }) => {
    const request = body as Body;
    if (context.botToken !== undefined || request['type'] === 'event_callback') return next();
    options.logger.warn({ teamId: context.teamId, enterpriseId: context.enterpriseId }, 'a request came from a workspace Herald has no token for');
    const ack = (rest as { ack?: (response?: unknown) => Promise<void> }).ack;
    await ack?.(notInstalledResponse(request, options.installUrl));
  });
}

export function notInstalledMessage(installUrl: string | undefined): string {
  const where = installUrl ? `at ${installUrl}` : 'from its install page (/slack/install on Herald\'s address)';
  return `Herald is not installed in this workspace any more (it was removed, or its access was revoked), so it cannot do this. Ask a Slack admin to install it again ${where}.`;
}

/** The answer Slack shows for each kind of request: the command's reply, the form's error (the text stays), no options. */
export function notInstalledResponse(body: Body, installUrl: string | undefined): unknown {
  const message = notInstalledMessage(installUrl);
  if (typeof body['command'] === 'string') return { response_type: 'ephemeral', text: message };
  switch (body['type']) {
    case 'view_submission': {
      const view = body['view'] as Body | undefined;
      if (view?.['callback_id'] === UPDATE_FORM_CALLBACK_ID) {
        return { response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: `${message} Copy your text before closing this.`.slice(0, 300) } };
      }
      return undefined;
    }
    case 'block_suggestion':
      return { options: [] };
    default:
      return undefined;
  }
}
