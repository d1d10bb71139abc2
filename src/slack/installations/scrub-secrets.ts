import type { Logger as SlackLogger } from '@slack/bolt';

// The WebClient logs request bodies at debug level and redacts only fields named like "token": oauth.v2.access
// carries `client_secret`, so the installer's logger replaces these secrets wherever they appear.

export function scrubSecrets(logger: SlackLogger, secrets: readonly string[]): SlackLogger {
  const scrub = (messages: unknown[]) =>
    messages.map((message) => secrets.reduce((text, secret) => (secret === '' ? text : text.split(secret).join('[redacted]')), String(message)));
  return {
    debug: (...messages: unknown[]) => logger.debug(...scrub(messages)),
    info: (...messages: unknown[]) => logger.info(...scrub(messages)),
    warn: (...messages: unknown[]) => logger.warn(...scrub(messages)),
    error: (...messages: unknown[]) => logger.error(...scrub(messages)),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}
