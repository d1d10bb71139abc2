import type { ProviderId } from '../providers/provider.js';

// Display names, for drafts (which carry only the provider id) shown back to people.
const PROVIDER_NAMES: Record<ProviderId, string> = {
  pagerduty: 'PagerDuty',
  devhelm: 'DevHelm',
  statuspage: 'Statuspage',
};

export function providerDisplayName(provider: ProviderId): string {
  return PROVIDER_NAMES[provider];
}
