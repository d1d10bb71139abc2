// GET /readyz: whether this process can do its job right now, for a load balancer deciding where to send
// Slack's requests. Liveness (/healthz) only says the process is up; readiness also asks its two
// dependencies: the store answers a trivial query, and Slack still accepts the bot token.

export interface ReadinessDependencies {
  /** A trivial store query (Store.ping). */
  pingStore(): Promise<void>;
  /**
   * Slack's auth.test: resolves with null when the token is valid, otherwise with why not, in words fit for
   * the answer (which tells a refused token from Slack being unreachable). Absent with OAuth and no
   * SLACK_BOT_TOKEN: each workspace has its own token, and none of them says whether this process can serve.
   */
  checkSlackToken?: (() => Promise<string | null>) | undefined;
  now?: () => number;
  /** How long a valid token is believed without asking Slack again; default 60 s. */
  tokenCacheMs?: number;
  /** How long a failed token check is believed (so a probe every second cannot hammer Slack); default 5 s. */
  failureCacheMs?: number;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface ReadinessCheck {
  check(): Promise<Readiness>;
}

export function createReadinessCheck(deps: ReadinessDependencies): ReadinessCheck {
  const now = deps.now ?? Date.now;
  const tokenCacheMs = deps.tokenCacheMs ?? 60_000;
  const failureCacheMs = deps.failureCacheMs ?? 5_000;
  let token: { result: Readiness; until: number } | undefined;
  let asking: Promise<Readiness> | undefined;

  const askSlack = async (): Promise<Readiness> => {
    const reason = (await deps.checkSlackToken?.()) ?? null;
    return reason === null ? { ready: true } : { ready: false, reason };
  };

  const checkToken = async (): Promise<Readiness> => {
    if (token && now() < token.until) return token.result;
    // Concurrent probes share one auth.test.
    asking ??= askSlack()
      .then((result) => {
        token = { result, until: now() + (result.ready ? tokenCacheMs : failureCacheMs) };
        return result;
      })
      .finally(() => (asking = undefined));
    return asking;
  };

  return {
    async check() {
      try {
        await withTimeout(deps.pingStore(), STORE_PING_TIMEOUT_MS);
      } catch (error) {
        return { ready: false, reason: `the store did not answer (${errorCode(error)})` };
      }
      return checkToken();
    },
  };
}

/** A database that stopped answering without hanging up must not hold a probe (and the load balancer) forever. */
const STORE_PING_TIMEOUT_MS = 2_000;

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'timeout' })), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A network or driver error's code (ECONNREFUSED, 57P01, ...), else its class: words that carry no secret. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}
