import type { Logger } from '../../observability/logger.js';
import type { LiveSummary } from '../../summary/live-summary.js';
import { type ComponentState, componentsAfterUpdate } from '../../summary/components-as-shown.js';
import type { Submission } from '../../updates/submission.js';
import { type PageCatalog, readPageAfterUpdate } from './page-after-update.js';

// How a published update's echo is drawn, when it is posted and again when a correction redraws it: compact
// where the channel's live summary carries the facts, with the services as the page shows them (docs/echo.md).

export interface EchoShape {
  compact: boolean;
  /** The services as the page shows them after the update. */
  components?: readonly ComponentState[] | undefined;
}

export async function echoShapeOf(
  deps: { catalog?: PageCatalog | undefined; logger: Logger; liveSummary?: LiveSummary | undefined },
  submission: Submission,
): Promise<EchoShape> {
  const page = deps.catalog ? await readPageAfterUpdate(deps.catalog, submission.draft, deps.logger) : undefined;
  return {
    compact: (await deps.liveSummary?.carriesFacts(submission)) ?? false,
    components: componentsAfterUpdate(submission.draft, page),
  };
}
