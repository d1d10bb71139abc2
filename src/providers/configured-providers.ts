import type { Config } from '../config.js';
import type { RequestTurns } from './request-turns.js';
import { createDevHelmProvider } from './devhelm/client.js';
import { createPagerDutyProvider } from './pagerduty/client.js';
import type { Provider } from './provider.js';
import { createStatuspageProvider } from './statuspage/client.js';

/** HTTP behaviour shared by every provider client; the defaults suit production, tests shorten them. */
export interface ProviderTuning {
  timeoutMs?: number;
  retries?: number;
  maxRetryWaitMs?: number;
  backoffMs?: number;
}

/** One client for each provider whose token is set: a provider is on when its token is set. */
/** `turns`: where each token's turns to call its provider are kept (Stores.requestTurns); this process's by default. */
export function createConfiguredProviders(config: Config, tuning: ProviderTuning = {}, turns?: RequestTurns): Provider[] {
  const providers: Provider[] = [];
  const { pagerduty, devhelm, statuspage } = config.providers;
  if (pagerduty) providers.push(createPagerDutyProvider({ ...tuning, token: pagerduty.token, baseUrl: pagerduty.baseUrl, turns }));
  if (devhelm) {
    providers.push(
      createDevHelmProvider({
        ...tuning,
        token: devhelm.token,
        baseUrl: devhelm.baseUrl,
        orgId: devhelm.orgId,
        workspaceId: devhelm.workspaceId,
      }),
    );
  }
  // Statuspage's client never retries sooner than its rate limit allows, whatever the tuning says.
  if (statuspage) providers.push(createStatuspageProvider({ ...tuning, token: statuspage.token, baseUrl: statuspage.baseUrl, turns }));
  return providers;
}
