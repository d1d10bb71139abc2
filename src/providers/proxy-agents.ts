import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { getProxyForUrl } from 'proxy-from-env';

// Outbound calls (Slack's Web API, the status pages) through the proxy the environment names, on every Node
// Herald supports: HTTPS_PROXY for https URLs, HTTP_PROXY for http ones, NO_PROXY for hosts to reach directly,
// read as curl and most tools do (proxy-from-env). got has no proxy support of its own, and Node's fetch only
// from Node 24 with NODE_USE_ENV_PROXY; so both the status-page client (providers/http.ts) and the Slack
// transport (slack/http/slack-http-transport.ts) take their agent from here. hpagent's agents keep connections
// to the proxy alive, as Herald's direct agents do. Lives with the providers because they are its first user;
// the Slack edge may use the layers below it.

const IDLE_SOCKET_MS = 30_000;

export type ProxyAgent = HttpAgent | HttpsAgent;

/** One pool per proxy and protocol: every client calling through the same proxy shares its connections. */
const pools = new Map<string, ProxyAgent>();

/** The agent to call `url` with: through its proxy, or undefined when the environment names none for it. */
export function proxyAgentFor(url: string | URL): ProxyAgent | undefined {
  const proxy = getProxyForUrl(String(url));
  if (proxy === '') return undefined;
  const secure = new URL(String(url)).protocol === 'https:';
  const key = `${secure ? 'https' : 'http'} ${proxy}`;
  const pooled = pools.get(key);
  if (pooled !== undefined) return pooled;
  const options = { proxy, keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  const agent = secure ? new HttpsProxyAgent(options) : new HttpProxyAgent(options);
  pools.set(key, agent);
  return agent;
}
