import { ConfigError } from './config.js';
import { EnvFileError } from './env-file.js';
import { StoreOpenError } from './store/open-store.js';

// What Herald prints when it cannot start: the variable to change and the cause, never a stack. Problems an
// operator fixes in the configuration exit 78 (EX_CONFIG, as sysexits.h has it) so a process manager can tell
// them from an outage that may pass (a database that is down: exit 1, and a restart may succeed).

export const EX_CONFIG = 78;

export interface StartupFailure {
  message: string;
  exitCode: number;
}

export function describeStartupFailure(error: unknown, port: number | undefined): StartupFailure {
  if (error instanceof ConfigError) return { message: error.message, exitCode: EX_CONFIG };
  if (error instanceof EnvFileError) return { message: `Herald cannot start: ${error.message}`, exitCode: EX_CONFIG };
  if (error instanceof StoreOpenError)
    return { message: `Herald cannot start: ${error.message}`, exitCode: error.configuration ? EX_CONFIG : 1 };
  const code = systemErrorCode(error);
  if (code === 'EADDRINUSE')
    return {
      message: `Herald cannot start: PORT ${port ?? ''} is already in use (EADDRINUSE): stop whatever listens on it (another Herald?) or set PORT to a free port`,
      exitCode: EX_CONFIG,
    };
  if (code === 'EACCES' && port !== undefined && port < 1024)
    return {
      message: `Herald cannot start: PORT ${port} needs privileges this user lacks (EACCES): set PORT to 1024 or above`,
      exitCode: EX_CONFIG,
    };
  return { message: `Herald could not start: ${error instanceof Error ? error.message : String(error)}`, exitCode: 1 };
}

/** The system error code (EADDRINUSE…) of an error or of any error it wraps: Bolt wraps the server's. */
function systemErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    const original = (current as { original?: unknown }).original;
    if (original instanceof Error) {
      const inner = (original as { code?: unknown }).code;
      if (typeof inner === 'string') return inner;
    }
  }
  return undefined;
}
