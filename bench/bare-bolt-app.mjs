// The baseline Herald is measured against: a bare Bolt app, configured like Herald (HTTP receiver,
// signature checks, the same Web API base, a /healthz route) but with an empty /status-update handler.
// Plain JavaScript on purpose: it runs under plain `node`, as Herald's compiled dist/main.js does,
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

app.command('/status-update', async ({ ack }) => {
  await ack();
});

await app.start();

process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
