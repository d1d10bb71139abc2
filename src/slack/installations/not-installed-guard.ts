import type { App } from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';
import { NOT_ALLOWED_CONTEXT_KEY } from './authorize.js';
import { notAllowedMessage } from './allowed-teams.js';
import { postToResponseUrl } from '../http/response-url.js';

// A request from a workspace Herald holds no token for (removed, token revoked, never installed, left out of
// HERALD_ALLOWED_TEAMS, or its stored installation unreadable): without a token Herald can open no form and post
// nothing, so it says so at once, in the only places it still can: the answer to the request itself, or the
// request's own response_url (a button on a message). Events pass: uninstall events arrive exactly when the token
// is gone (see uninstall-listeners.ts).

type Body = Record<string, unknown>;

export function refuseWorkspacesWithoutToken(app: App, options: { logger: Logger; installUrl: string | undefined }): void {
  app.use(async ({ context, body, next, ...rest }) => {
    const request = body as Body;
    if (context.botToken !== undefined || request.type === 'event_callback') return next();
    options.logger.warn(
      { teamId: context.teamId, enterpriseId: context.enterpriseId },
      'a request came from a workspace Herald has no token for',
    );
    const message = context[NOT_ALLOWED_CONTEXT_KEY] === true ? notAllowedMessage() : notInstalledMessage(options.installUrl);
    const ack = (rest as { ack?: (response?: unknown) => Promise<void> }).ack;
    await ack?.(notInstalledResponse(request, message));
    const responseUrl = request.response_url;
    if (typeof responseUrl === 'string' && typeof request.command !== 'string')
      await postToResponseUrl(
        responseUrl,
        { response_type: 'ephemeral', replace_original: false, text: message },
        options.logger,
        'telling a workspace without a token',
      );
  });
}

export function notInstalledMessage(installUrl: string | undefined): string {
  const where = installUrl ? `at ${installUrl}` : "from its install page (/slack/install on Herald's address)";
  return `Herald is not installed in this workspace any more (it was removed, or its access was revoked), so it cannot do this. Ask a Slack admin to install it again ${where}.`;
}

/**
 * The answer Slack shows for each kind of request: the command's reply; on a modal, the message under its first
 * input (the text stays, so nothing typed is lost), or the modal replaced by the message when it has no input;
 * no options. Buttons on messages are answered through their response_url instead, to the clicker only.
 */
export function notInstalledResponse(body: Body, message: string): unknown {
  if (typeof body.command === 'string') return { response_type: 'ephemeral', text: message };
  switch (body.type) {
    case 'view_submission': {
      const blocks = ((body.view as Body | undefined)?.blocks ?? []) as Body[];
      const input = blocks.find((block) => block.type === 'input' && typeof block.block_id === 'string');
      if (input)
        return {
          response_action: 'errors',
          errors: { [input.block_id as string]: `${message} Copy your text before closing this.`.slice(0, 300) },
        };
      return { response_action: 'update', view: notInstalledView(message) };
    }
    case 'block_suggestion':
      return { options: [] };
    default:
      return undefined;
  }
}

function notInstalledView(message: string): object {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Herald' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: message } }],
  };
}
