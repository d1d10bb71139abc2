import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { createLogger, toSlackLogger } from '../../src/observability/logger.js';
import { fetchAnswering } from '../support/web-api-answers.js';

// The WebClient's debug lines copy and serialise each call's whole body and answer; patched (patches/README.md)
// to do so only when the logger writes debug lines. These fail if the patch is not applied.

const view = { type: 'modal', title: { type: 'plain_text', text: 'Status update' }, blocks: [] };

const answeringOk = fetchAnswering({ ok: true, view: { id: 'V1', ...view } });

function recordingLogger(level: LogLevel): SlackLogger & { debugLines: string[] } {
  const debugLines: string[] = [];
  return {
    debugLines,
    debug: (...messages: unknown[]) => debugLines.push(messages.map(String).join(' ')),
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: () => undefined,
    getLevel: () => level,
    setName: () => undefined,
  };
}

async function openAView(logger: SlackLogger): Promise<void> {
  const client = new WebClient('xoxb-test', { logger, fetch: answeringOk, slackApiUrl: 'https://slack.test/api/' });
  await client.views.open({ trigger_id: 'T1', view: view as never });
}

describe("the WebClient's debug lines", () => {
  it('are not made at all when the logger does not write debug lines', async () => {
    const logger = recordingLogger(LogLevel.INFO);
    await openAView(logger);
    expect(logger.debugLines.filter((line) => /http request (body|headers|result)/.test(line))).toEqual([]);
  });

  it('are made, tokens redacted, at debug level', async () => {
    const logger = recordingLogger(LogLevel.DEBUG);
    await openAView(logger);
    expect(logger.debugLines.find((line) => line.startsWith('http request body:'))).toContain('Status update');
    const headers = logger.debugLines.find((line) => line.startsWith('http request headers:'));
    expect(headers).toContain('[[REDACTED]]');
    expect(headers).not.toContain('xoxb-test');
    expect(logger.debugLines.some((line) => line.startsWith('http request result:'))).toBe(true);
  });
});

describe("Herald's logger, as Bolt and the WebClient see it", () => {
  const levelSeen = (level: string) => toSlackLogger(createLogger(level)).getLevel();

  it('reports debug for debug and trace, so the debug lines come when asked for', () => {
    expect(levelSeen('debug')).toBe(LogLevel.DEBUG);
    expect(levelSeen('trace')).toBe(LogLevel.DEBUG);
  });

  it('reports the level itself for info, warn and error, and error when nothing is written', () => {
    expect(levelSeen('info')).toBe(LogLevel.INFO);
    expect(levelSeen('warn')).toBe(LogLevel.WARN);
    expect(levelSeen('error')).toBe(LogLevel.ERROR);
    expect(levelSeen('silent')).toBe(LogLevel.ERROR);
  });
});
