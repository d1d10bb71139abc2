import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { createLogger, toSlackLogger } from '../../src/observability/logger.js';
import { scrubSecrets } from '../../src/slack/installations/scrub-secrets.js';

// What Bolt and its WebClient log, as the JSON lines Herald writes: errors keep their stack and fields, objects
// become fields, and the installer's secret scrubbing (scrubSecrets over toSlackLogger, as in installations)
// still reaches the text inside an error.

const SECRET = 'oauth-client-secret-4f1c9a';

function capture(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, raw, slackLogger: toSlackLogger(createLogger(level, destination)) };
}

class WebApiRequestError extends Error {
  code = 'slack_webapi_request_error';
  constructor(
    message: string,
    readonly original: Error,
  ) {
    super(message);
  }
}

describe('the Slack logger', () => {
  it('writes a logged error with its stack and fields, a secret in its message scrubbed', () => {
    const { lines, raw, slackLogger } = capture();
    const logger = scrubSecrets(slackLogger, [SECRET]);
    const error = Object.assign(new Error(`oauth.v2.access refused client_secret=${SECRET}`), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_client' },
    });
    logger.error('An unhandled error occurred while Bolt processed an event', error);

    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 50, component: 'bolt', msg: 'An unhandled error occurred while Bolt processed an event' });
    const err = line!.err as Record<string, unknown>;
    expect(err).toMatchObject({
      type: 'Error',
      message: 'oauth.v2.access refused client_secret=[redacted]',
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_client' },
    });
    expect(err.stack).toEqual(expect.stringContaining('slack-logger.test.ts'));
    expect(err.stack).toEqual(expect.stringContaining('client_secret=[redacted]'));
    expect(raw.join('')).not.toContain(SECRET);
  });

  it('uses an error logged alone as the message, as Bolt logs an unhandled error', () => {
    const { lines, slackLogger } = capture();
    slackLogger.error(new Error('listener blew up'));
    expect(lines[0]).toMatchObject({ msg: 'listener blew up', err: { type: 'Error', message: 'listener blew up' } });
  });

  it('never writes the HTTP request a WebClient error came from (its headers carry the bot token)', () => {
    const { lines, raw, slackLogger } = capture();
    const axiosError = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      config: { url: 'https://slack.com/api/chat.postMessage', headers: { Authorization: 'Bearer xoxb-not-a-real-token' } },
      request: { _header: 'Authorization: Bearer xoxb-not-a-real-token' },
    });
    slackLogger.warn(new WebApiRequestError('A request error occurred: connect ECONNREFUSED', axiosError));
    const err = lines[0]!.err as { type: string; code: string; original: Record<string, unknown> };
    expect(err).toMatchObject({
      type: 'WebApiRequestError',
      code: 'slack_webapi_request_error',
      original: { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' },
    });
    expect(err.original.config).toBeUndefined();
    expect(raw.join('')).not.toContain('xoxb-');
  });

  it('turns objects into fields and keeps the rest of the text as the message', () => {
    const { lines, slackLogger } = capture();
    slackLogger.info('http request result', { status: 200, method: 'chat.postMessage', token: 'xoxb-plain' }, 3, { msg: 'clash' });
    expect(lines[0]).toMatchObject({
      msg: 'http request result 3',
      status: 200,
      method: 'chat.postMessage',
      token: '[redacted]',
      details: [{ msg: 'clash' }],
    });
  });

  it("writes nothing below Herald's level, and reports that level to Bolt", () => {
    const { lines, slackLogger } = capture('warn');
    slackLogger.debug('noise', new Error('not built'));
    slackLogger.info('noise');
    expect(lines).toHaveLength(0);
    expect(slackLogger.getLevel()).toBe(LogLevel.WARN);
  });
});
