import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { ProviderId } from '../providers/provider.js';
import { buildSummaryMessage } from './summary-message.js';
import { slackErrorCode } from '../slack-kit/slack-error.js';
import type { SummaryLease, SummaryStore } from '../store/summary-store.js';
import type { CorrectionStore } from '../store/correction-store.js';
import { summariseIncidents, type IncidentSummary, type PageComponents } from './incident-summaries.js';
import type { Submission } from '../updates/submission.js';
import type { UpdateDraft } from '../updates/draft.js';
import type { PostOptions } from '../providers/provider.js';

// Keeps each channel's live summary current: posted (and pinned) with the channel's second published update,
// edited in place after every later one, posted again if someone deleted it. The content is derived from the
// store at each refresh (a corrected update shows its corrected text), and refreshes of one channel take turns
// through a lease in the store (see summary-store.ts), so whichever refresh finishes last shows the newest
// update, on every replica.
//
// Why not with the first: the echo of a channel's only update already says everything a summary would (the
// status, the services, the text, when the next update is due), and two near-identical messages in a row make
// readers compare them for a difference that isn't there. From the second update on, where things stand is
// spread over several updates: the summary gathers it, and the echoes shrink to what each update said
// (see docs/echo.md and slack/outcome/echo-message.ts).

export interface LiveSummaryDeps {
  summaries: SummaryStore;
  /** A corrected update shows its corrected text. */
  corrections: Pick<CorrectionStore, 'latestAppliedText'>;
  catalog: ProviderCatalog;
  logger: Logger;
  clock?: () => Date;
  /** How long a refresh may hold its channel before another may take over. Default 60 s. */
  leaseMs?: number;
}

export interface LiveSummary {
  /**
   * Brings the channel's summary up to date now that `submission` is published or corrected, with the
   * client that echoed it. Never throws: the summary is a convenience, and must not hold up or repeat the echo.
   */
  refresh(client: WebClient, submission: Submission): Promise<void>;
  /**
   * Whether the channel's summary shows where things stand after `submission` (published), so its echo need
   * only say what the update said: the channel published an update before it. The same answer when the echo is
   * posted and when a correction redraws it. False when that cannot be read: a full echo is never wrong.
   */
  carriesFacts(submission: Submission): Promise<boolean>;
}

/** Published updates a channel needs before it gets a summary: one update's echo is its own summary. */
const UPDATES_FOR_A_SUMMARY = 2;

/** The summary message is gone: deleted by someone, or too old for the bot to edit. Post a new one. */
const MESSAGE_GONE = new Set(['message_not_found', 'cant_update_message']);
/** The newest updates of a channel read at each refresh; a channel with more lives far beyond one incident. */
const SUBMISSIONS_READ = 500;
/** Renders by one refresh before it leaves newer requests to the next publish: a bound, not a target. */
const MAX_ROUNDS = 5;
const DEFAULT_LEASE_MS = 60_000;

export function createLiveSummary(deps: LiveSummaryDeps): LiveSummary {
  const clock = deps.clock ?? (() => new Date());
  const summaries = deps.summaries;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const baseLogger = deps.logger.child({ component: 'live-summary' });
  const keepsComponents = (provider: ProviderId): boolean => {
    try {
      return deps.catalog.provider(provider).capabilities.componentsKeepUnlessChanged === true;
    } catch {
      return false; // no longer configured: show what its newest update listed
    }
  };

  const pageComponents = (draft: UpdateDraft): PostOptions | undefined =>
    deps.catalog.peekPostOptions(draft.provider, draft.page.id, draft.post.kind);

  return {
    async carriesFacts(submission) {
      try {
        // The newest two settle it at once for a fresh echo (the one before it, or none); a correction of an
        // update with newer ones after it in the channel may need to read further back.
        for (const limit of [UPDATES_FOR_A_SUMMARY, SUBMISSIONS_READ]) {
          const published = await summaries.listChannelPublished(submission.channelId, limit);
          if (published.some((update) => update.id !== submission.id && publishedBefore(update, submission))) return true;
          if (published.length < limit) return false; // the whole channel read: nothing before it
        }
        return false;
      } catch (error) {
        baseLogger.warn({ err: error, channelId: submission.channelId }, 'could not read the channel’s updates; the echo shows everything');
        return false;
      }
    },

    async refresh(client, submission) {
      const channelId = submission.channelId;
      const logger = baseLogger.child({ channelId, submissionId: submission.id });
      const owner = randomUUID();
      try {
        await summaries.requestRefresh(channelId, clock());
        let lease = await summaries.takeRefresh(channelId, owner, clock(), leaseMs);
        if (!lease) {
          logger.debug('another refresh of this channel summary is under way; it will show this update');
          return;
        }
        for (let round = 1; lease; round += 1) {
          const context = {
            client,
            corrections: deps.corrections,
            summaries,
            keepsComponents,
            pageComponents,
            clock,
            logger,
            channelId,
            owner,
          };
          await render(context, lease);
          if (await summaries.finishRefresh(channelId, owner, lease.generation, clock())) return;
          if (round >= MAX_ROUNDS) {
            await summaries.abandonRefresh(channelId, owner, clock());
            logger.warn('the channel summary keeps changing; the next update will bring it up to date');
            return;
          }
          lease = await summaries.takeRefresh(channelId, owner, clock(), leaseMs);
        }
        logger.warn('lost the channel summary lease (a refresh took too long); another refresh carries on');
      } catch (error) {
        logger.warn({ err: error, slackError: slackErrorCode(error) }, 'could not refresh the channel summary');
        await summaries.abandonRefresh(channelId, owner, clock()).catch(() => undefined);
      }
    },
  };
}

interface RenderContext {
  client: WebClient;
  corrections: LiveSummaryDeps['corrections'];
  summaries: SummaryStore;
  keepsComponents: (provider: ProviderId) => boolean;
  pageComponents: PageComponents;
  clock: () => Date;
  logger: Logger;
  channelId: string;
  owner: string;
}

/** In the channel's publish order (publish time, then submit time, then id), as the summary sorts updates. */
function publishedBefore(update: Pick<Submission, 'id' | 'publishedAt' | 'createdAt'>, than: Submission): boolean {
  const key = (each: typeof update) => [each.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY, each.createdAt.getTime()] as const;
  const [a, b] = [key(update), key(than)];
  if (a[0] !== b[0]) return a[0] < b[0];
  if (a[1] !== b[1]) return a[1] < b[1];
  return update.id < than.id;
}

/** Shows the channel's current state: in the summary message when there is one, in a new one otherwise. */
async function render(ctx: RenderContext, lease: SummaryLease): Promise<void> {
  const { client, channelId, logger } = ctx;
  const published = await ctx.summaries.listChannelPublished(channelId, SUBMISSIONS_READ);
  // A channel's first update is summed up by its echo: no summary until there is a second one to gather.
  if (lease.messageTs === null && published.length < UPDATES_FOR_A_SUMMARY) return;
  const incidents = await withCorrections(ctx.corrections, summariseIncidents(published, ctx.keepsComponents, ctx.pageComponents));
  if (incidents.length === 0) return;
  const message = buildSummaryMessage({ incidents });

  if (lease.messageTs !== null) {
    try {
      await client.chat.update({ channel: channelId, ts: lease.messageTs, ...message });
      return;
    } catch (error) {
      const code = slackErrorCode(error);
      if (!MESSAGE_GONE.has(code)) throw error;
      logger.info({ slackError: code }, 'the channel summary message is gone; posting a new one');
    }
  }

  const posted = await client.chat.postMessage({ channel: channelId, ...message, unfurl_links: false, unfurl_media: false });
  if (!posted.ts) throw new Error('Slack posted the channel summary without a message ts');
  if (!(await ctx.summaries.saveMessageTs(channelId, ctx.owner, posted.ts, ctx.clock()))) {
    logger.warn('posted a channel summary after losing the lease; it may be a second one');
  }
  logger.info({ ts: posted.ts }, 'posted the channel summary');
  await pin(client, channelId, posted.ts, logger);
}

/** A correction edits the entry in place: each incident shows the text its last correction put on the page. */
async function withCorrections(corrections: LiveSummaryDeps['corrections'], incidents: IncidentSummary[]): Promise<IncidentSummary[]> {
  return Promise.all(
    incidents.map(async (incident) => {
      const corrected = await corrections.latestAppliedText(incident.lastUpdate.submissionId);
      return corrected === null ? incident : { ...incident, lastUpdate: { ...incident.lastUpdate, message: corrected } };
    }),
  );
}

/** Pinned where the channel allows; a refusal (no permission, too many pins, not a member) changes nothing else. */
async function pin(client: WebClient, channelId: string, ts: string, logger: Logger): Promise<void> {
  try {
    await client.pins.add({ channel: channelId, timestamp: ts });
  } catch (error) {
    logger.info({ slackError: slackErrorCode(error) }, 'could not pin the channel summary; it stays unpinned');
  }
}
