import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { Publisher } from '../publishing/publisher.js';
import type { Store } from '../store/store.js';

/** What every listener may use. Slack's own client comes with each request. */
export interface ListenerDeps {
  store: Store;
  catalog: ProviderCatalog;
  publisher: Publisher;
  logger: Logger;
  clock: () => Date;
}
