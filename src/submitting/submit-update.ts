import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { SubmissionGroups } from '../store/submission-groups.js';
import type { SubmissionStore } from '../store/submission-store.js';
import type { UpdateDraft } from '../updates/draft.js';
import type { Submission, SubmissionOrigin } from '../updates/submission.js';
import type { Finding } from '../updates/public-text/check-public-text.js';
import type { OverrideStore } from '../store/override-store.js';
import { checkBeforePublishing, type PublicTextContext, recordOverride } from './check-before-publishing.js';
import { planLinkedPublishing, type ShownLink, type TickedPage } from './linked-publishing.js';
import { updateRateRefusal } from './update-rate-refusal.js';

// A submitted update form becomes stored submissions: the outbox, before anything is published. Everything that
// can refuse the submit does so here, before anything is stored (the per-minute limit, the other linked pages
// that changed or cannot be read in time), and says which field of the form the refusal belongs under; the
// submit is then stored in one transaction (its group, its own page and the other pages), and publishing starts
// once the caller has answered the submitter. Who may publish is Slack's to say, and is asked before this runs.

export interface SubmitUpdateDeps {
  submissions: SubmissionStore;
  groups: SubmissionGroups;
  channels: ChannelStore;
  catalog: ProviderCatalog;
  logger: Logger;
  clock: () => Date;
  /** Starts publishing a stored submission (the publisher's queue). */
  publish: (submissionId: string) => void;
  /** Updates one person may submit to one incident in a minute (HERALD_MAX_UPDATES_PER_MINUTE); unset or 0: no limit. */
  maxUpdatesPerMinute?: number | undefined;
  /** Where "Publish anyway" is recorded (the audit trail). */
  overrides: OverrideStore;
  /** HERALD_INTERNAL_PATTERNS, for the check before publishing. */
  internalPatterns?: readonly RegExp[] | undefined;
}

/** The form as submitted, read and checked field by field. */
export interface SubmittedUpdate {
  draft: UpdateDraft;
  /** The channel's other linked pages ticked under "Also publish to". */
  alsoPublishTo: readonly TickedPage[];
  /** "Remember this incident for this channel" was ticked. */
  remember: boolean;
  /** The failed submission this form retries ("Edit and retry"), if it does. */
  retryOf: string | null;
  /** The channel's links as the form showed them. */
  shownLinks: readonly ShownLink[];
  /** What the check before publishing needs beyond the draft; absent: the check is not run (no form to show it in). */
  publicText?: PublicTextContext;
}

export interface UpdateSubmit {
  /** One submit of one modal state (submission-key.ts): the same key twice stores and publishes once. */
  key: string;
  origin: SubmissionOrigin;
  update: SubmittedUpdate;
}

/** The fields of the form a refusal can belong under. */
export type SubmitField = 'message' | 'alsoPublish';

export type SubmitUpdateResult =
  /** Nothing was stored: say why under `field`, with everything typed kept. */
  | { outcome: 'refused'; field: SubmitField; reason: string }
  /** Nothing was stored: the check before publishing found these; show them, with "Publish anyway" when allowed. */
  | { outcome: 'checked'; findings: Finding[]; canPublishAnyway: boolean }
  /**
   * Stored. `firstTime` false: this submit was stored before (a double click, or Slack sending it again) and is
   * not published a second time. `startPublishing` queues what this submit stored: call it once the submitter
   * has their answer.
   */
  | { outcome: 'stored'; submission: Submission; firstTime: boolean; startPublishing: () => void };

/** The save may have been cut off after the database took it: what is said must hold either way. */
const DATABASE_DOWN =
  'Herald could not save this update (its database did not answer): your text is still here, submit again in a moment. If the first try did reach the database after all, the update is published once, never twice.';

export async function submitUpdate(deps: SubmitUpdateDeps, submit: UpdateSubmit): Promise<SubmitUpdateResult> {
  const { key, origin, update } = submit;
  const now = deps.clock();
  // A refused update is not stored, and the form keeps what was typed under the refusal.
  const overLimit = await updateRateRefusal(
    { submissions: deps.submissions, logger: deps.logger, limit: deps.maxUpdatesPerMinute },
    { key, userId: origin.userId, draft: update.draft },
    now,
  );
  if (overLimit) return { outcome: 'refused', field: 'message', reason: overLimit };

  let plan: Awaited<ReturnType<typeof planLinkedPublishing>>;
  try {
    plan = await planLinkedPublishing(deps, {
      key,
      channelId: origin.channelId,
      userId: origin.userId,
      now,
      draft: update.draft,
      ticked: update.alsoPublishTo,
      retryOf: update.retryOf,
      shownLinks: update.shownLinks,
    });
  } catch (error) {
    deps.logger.error({ err: error }, 'could not read the channel links');
    return {
      outcome: 'refused',
      field: 'message',
      reason:
        'Herald could not read this channel’s linked pages (its database did not answer). Nothing was published and your text is still here: try again.',
    };
  }
  if (!plan.ok) return { outcome: 'refused', field: 'alsoPublish', reason: plan.problem };
  // What cannot be published at all is said first; then what the user may want to change (the check before publishing).
  const check = update.publicText
    ? await checkBeforePublishing(deps, { key, draft: update.draft }, update.publicText)
    : { decision: 'publish' as const };
  if (check.decision === 'stop') return { outcome: 'checked', findings: check.findings, canPublishAnyway: check.canPublishAnyway };

  let saved: Awaited<ReturnType<SubmissionStore['saveSubmit']>>;
  try {
    saved = await deps.submissions.saveSubmit(
      {
        group: plan.group,
        submissions: [
          { key, ...origin, draft: update.draft },
          ...plan.others.map((other) => ({ key: other.key, ...origin, draft: other.draft })),
        ],
      },
      now,
    );
  } catch (error) {
    deps.logger.error({ err: error }, 'could not store a submission');
    return { outcome: 'refused', field: 'message', reason: DATABASE_DOWN };
  }

  const [own, ...others] = saved;
  if (update.remember) await remember(deps, origin, update.draft, now);
  if (check.decision === 'publish-anyway' && own!.created) {
    await recordOverride(deps, { submissionId: own!.submission.id, userId: origin.userId, findings: check.findings, at: now });
  }
  return {
    outcome: 'stored',
    submission: own!.submission,
    firstTime: own!.created,
    startPublishing: () => {
      for (const other of others) deps.publish(other.submission.id);
      // Found stored already: published already, or its publisher (here, or after a restart) sees it through.
      if (own!.created || (own!.submission.state !== 'published' && own!.submission.state !== 'failed')) deps.publish(own!.submission.id);
    },
  };
}

/** Links the channel to the form's incident ("Remember this incident"); never fails the submit. */
async function remember(deps: SubmitUpdateDeps, origin: SubmissionOrigin, draft: UpdateDraft, now: Date): Promise<void> {
  const { provider, page, post } = draft;
  try {
    await deps.channels.saveLink({ channelId: origin.channelId, provider, page, post, linkedBy: origin.userId, linkedAt: now });
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not remember the incident for the channel');
  }
}
