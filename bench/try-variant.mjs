import bolt from '@slack/bolt';
const { App, LogLevel } = bolt;
const env = process.env;
const app = new App({ token: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, port: Number(env.PORT), logLevel: LogLevel.WARN, clientOptions: { slackApiUrl: env.SLACK_API_URL },
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_q, r) => { r.writeHead(200); r.end('ok'); } }] });
const view = { type: 'modal', callback_id: 'x', title: { type: 'plain_text', text: 'Status update' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Loading…' } }] };
const calls = Number(env.VARIANT_CALLS);
app.command('/status-update', async ({ ack, client, command }) => {
  await ack();
  if (calls >= 1) { const r = await client.views.open({ trigger_id: command.trigger_id, view }); if (calls >= 2) await client.views.update({ view_id: r.view.id, view }); }
});
await app.start();
process.on('SIGTERM', () => { void app.stop().then(() => process.exit(0)); });
