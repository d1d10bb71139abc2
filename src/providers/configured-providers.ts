import type { Config } from '../config.js';
import { createPagerDutyProvider } from './pagerduty/client.js';
import type { Provider } from './provider.js';

/** HTTP behaviour shared by every provider client; the defaults suit production, tests shorten them. */
export interface ProviderTuning {
  timeoutMs?: number;
  retries?: number;
  maxRetryWaitMs?: number;
  backoffMs?: number;
}

/** One client for each provider whose token is set: a provider is on when its token is set. */
export function createConfiguredProviders(config: Config, tuning: ProviderTuning = {}): Provider[] {
  const providers: Provider[] = [];
  const { pagerduty } = config.providers;
  if (pagerduty) providers.push(createPagerDutyProvider({ ...tuning, token: pagerduty.token, baseUrl: pagerduty.baseUrl }));
  return providers;
}
