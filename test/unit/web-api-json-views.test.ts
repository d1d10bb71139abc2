import { LogLevel } from '@slack/bolt';
import { WebClient, type FetchFunction } from '@slack/web-api';
import { fetchAnswering } from '../support/web-api-answers.js';

// The views methods send their view as a JSON body, patched into the WebClient (patches/README.md): form
// encoding percent-encoded the view's JSON text again on every call, a fifth of what opening the form cost.
// These fail if the patch is not applied.

interface Sent {
  url: string;
  contentType: string;
  authorization: string | undefined;
  body: string;
}

function recordingFetch(sent: Sent[]): FetchFunction {
  return fetchAnswering({ ok: true }, (url, init = {}) => {
    const headers = init.headers as Record<string, string>;
    sent.push({ url, contentType: headers['Content-Type'] ?? '', authorization: headers.Authorization, body: String(init.body) });
  });
}

const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Status update & more' }, blocks: [] };

function clientSending(sent: Sent[]): WebClient {
  return new WebClient('xoxb-default', { fetch: recordingFetch(sent), slackApiUrl: 'https://slack.test/api/', logLevel: LogLevel.ERROR });
}

describe('the WebClient with Herald’s patch', () => {
  it('sends views.open, views.update, views.push and views.publish as JSON, with absent fields left out', async () => {
    const sent: Sent[] = [];
    const client = clientSending(sent);
    await client.views.open({ trigger_id: 'T1', view });
    await client.views.update({ view_id: 'V1', hash: undefined, view });
    await client.views.push({ trigger_id: 'T2', view });
    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(sent.map((call) => call.contentType)).toEqual(Array(4).fill('application/json; charset=utf-8'));
    expect(JSON.parse(sent[0]!.body)).toEqual({ trigger_id: 'T1', view });
    expect(JSON.parse(sent[1]!.body)).toEqual({ view_id: 'V1', view });
  });

  it('keeps a per-call token out of the JSON body and sends it as the bearer token', async () => {
    const sent: Sent[] = [];
    await clientSending(sent).views.open({ trigger_id: 'T1', view, token: 'xoxb-workspace' });
    expect(sent[0]!.authorization).toBe('Bearer xoxb-workspace');
    expect(sent[0]!.body).not.toContain('xoxb');
  });

  it('form-encodes every other method as before', async () => {
    const sent: Sent[] = [];
    await clientSending(sent).chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(sent[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(sent[0]!.body).get('text')).toBe('hi');
  });
});
