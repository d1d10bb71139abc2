import { createHmac } from 'node:crypto';

// Slack's request signing: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with the
// app's signing secret, the timestamp in whole seconds.

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function signSlackRequest(signingSecret: string, rawBody: string, timestamp: number = nowInSeconds()): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}
