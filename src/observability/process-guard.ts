import type { Logger } from 'pino';

// The last line of defence: a promise rejected where nothing awaits it. Node's default ends the process, and with
// it every request and publish in flight, for what is a bug in one of them. Herald logs it, with its cause, and
// keeps serving: whatever that work was, the outbox and the sweep finish it or tell its author. Nothing in the
// test suite may reach this (test/support/unhandled-rejections/ fails the run when anything does).

export const UNHANDLED_REJECTION_MESSAGE = 'an unhandled promise rejection (a bug in Herald): logged, and Herald keeps serving';

export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, UNHANDLED_REJECTION_MESSAGE);
  });
}
