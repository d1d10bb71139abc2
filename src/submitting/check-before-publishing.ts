import type { Logger } from '../observability/logger.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { OverrideStore } from '../store/override-store.js';
import type { UpdateDraft } from '../updates/draft.js';
import type { Submission } from '../updates/submission.js';
import { checkPublicText, type Finding, hasBlockingFinding } from '../updates/public-text/check-public-text.js';

// The submit's step that runs the check before publishing (updates/public-text/) on a submitted update, with
// what only the store knows: the previous update's text and status. What it decides: publish, stop and show the
// findings, or publish over them because the user ticked "Publish anyway" after seeing exactly these kinds of
// finding. A secret is never published over. The override is then recorded, with who made it.

export interface PublicTextCheckDeps {
  channels: Pick<ChannelStore, 'latestPublished'>;
  logger: Logger;
  /** HERALD_INTERNAL_PATTERNS. */
  internalPatterns?: readonly RegExp[] | undefined;
}

/** What the form adds to the draft for the check. */
export interface PublicTextContext {
  /** Components the page would still show with a problem after this update (the form's resolve warning). */
  componentsStillImpacted: readonly { name: string; impactLabel: string }[];
  /** The finding kinds the user saw when they ticked "Publish anyway"; null when it is not ticked. */
  publishAnywayOver: readonly string[] | null;
}

export type PublicTextDecision =
  | { decision: 'publish' }
  | { decision: 'publish-anyway'; findings: Finding[] }
  | { decision: 'stop'; findings: Finding[]; canPublishAnyway: boolean };

export async function checkBeforePublishing(
  deps: PublicTextCheckDeps,
  submit: { key: string; draft: UpdateDraft },
  context: PublicTextContext,
): Promise<PublicTextDecision> {
  const { key, draft } = submit;
  const last = await previousUpdate(deps, draft);
  // This very submit, published already (Slack sent it again, or a double click): it was checked when it was stored.
  if (last?.key === key) return { decision: 'publish' };
  const previous = last?.draft ?? null;
  const findings = checkPublicText(
    {
      message: draft.message,
      previousText: previous?.message ?? null,
      change: {
        statusBefore: previous?.status ?? null,
        statusAfter: draft.status,
        componentsStillImpacted: context.componentsStillImpacted,
        notifySubscribers: draft.notifySubscribers,
        severity: draft.severity,
      },
    },
    { internalPatterns: deps.internalPatterns ?? [] },
  );
  if (findings.length === 0) return { decision: 'publish' };
  const canPublishAnyway = !hasBlockingFinding(findings);
  const seen = new Set(context.publishAnywayOver ?? []);
  // Ticked over other findings than these (the text changed since): the user has not seen what is there now.
  if (canPublishAnyway && context.publishAnywayOver !== null && findings.every((finding) => seen.has(finding.kind))) {
    return { decision: 'publish-anyway', findings };
  }
  return { decision: 'stop', findings, canPublishAnyway };
}

/** Records who published over which findings; a failure to write is logged, and the publish goes on. */
export async function recordOverride(
  deps: { overrides: OverrideStore; logger: Logger },
  override: { submissionId: string; userId: string; findings: readonly Finding[]; at: Date },
): Promise<void> {
  try {
    await deps.overrides.record({ ...override, findings: [...override.findings] });
  } catch (error) {
    // Kinds only: a summary quotes the user's text.
    deps.logger.warn({ err: error, kinds: override.findings.map((f) => f.kind) }, 'could not record a "Publish anyway" in the audit trail');
  }
  deps.logger.info(
    { submissionId: override.submissionId, userId: override.userId, kinds: override.findings.map((f) => f.kind) },
    'published anyway over the check before publishing',
  );
}

/** Herald's last publish to the same incident: its text and status, or null when there is none or it cannot be read. */
async function previousUpdate(deps: PublicTextCheckDeps, draft: UpdateDraft): Promise<Submission | null> {
  try {
    return await deps.channels.latestPublished(draft.provider, draft.page.id, draft.post.id);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the previous update for the check before publishing');
    return null;
  }
}
