// The baseline Herald is measured against: a bare Bolt app, configured like Herald (HTTP receiver,
// signature checks, the same Web API base, a /healthz route) but with an empty /status-update handler.
// BARE_OPENS_VIEW=1: the handler also opens one small modal with views.open after the ack, the least a
// handler that shows a form must do, so Herald's cost can be compared with that of the Slack call too.
// Plain JavaScript on purpose: it runs under plain `node`, as Herald's bundle (dist/bundle/herald.mjs) does,
// so neither carries a TypeScript loader's start-up time or memory.
import bolt from '@slack/bolt';

const { App, LogLevel } = bolt;
const env = process.env;

const app = new App({
  token: env.SLACK_BOT_TOKEN,
  signingSecret: env.SLACK_SIGNING_SECRET,
  port: Number(env.PORT),
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: env.SLACK_API_URL },
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
      },
    },
  ],
});

const opensView = env.BARE_OPENS_VIEW === '1';
const modal = {
  type: 'modal',
  title: { type: 'plain_text', text: 'Status update' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Loading…' } }],
};

app.command('/status-update', async ({ ack, client, command }) => {
  await ack();
  if (opensView) await client.views.open({ trigger_id: command.trigger_id, view: modal });
});

await app.start();

process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
