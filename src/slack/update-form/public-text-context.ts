import type { ProviderCatalog } from '../../providers/catalog.js';
import type { PublicTextContext } from '../../submitting/check-before-publishing.js';
import { resolveWarningFor } from './blocks/resolve-warning.js';
import type { FormMetadata } from './form-metadata.js';
import { RESET_COMPONENTS_ACTION, RESET_COMPONENTS_BLOCK_ID } from './blocks/update-form-ids.js';
import { isRecord, multiSelectSchema, readField } from './view-state-fields.js';
import { findingsAsText, formWithFindings, readPublishAnyway } from './public-text-findings.js';

// What the check before publishing needs from the submitted form besides the draft, and the answer that shows
// its findings. Components still impacted are read the way the form's resolve warning reads them, from the
// lists the form was built with (cached); without them, none are counted rather than guessed.

export function publicTextContextOf(catalog: ProviderCatalog, values: unknown, metadata: FormMetadata): PublicTextContext {
  const { page, post } = metadata;
  const options = page && post ? catalog.peekPostOptions(page.provider, page.id, post.kind) : undefined;
  // "Set every affected component back to operational", ticked: the draft sends them operational (read-update-form.ts).
  const warning = options && !resetsComponents(values) ? resolveWarningFor(values, metadata, options) : null;
  return {
    componentsStillImpacted: (warning?.components ?? []).map(({ name, impactLabel }) => ({ name, impactLabel })),
    publishAnywayOver: readPublishAnyway(values),
  };
}

function resetsComponents(values: unknown): boolean {
  const field = readField(isRecord(values) ? values : {}, RESET_COMPONENTS_BLOCK_ID, RESET_COMPONENTS_ACTION, multiSelectSchema);
  return field.present && (field.data?.selected_options?.length ?? 0) > 0;
}

/** The acknowledgement that shows the findings: the same form, updated, or the findings as the message's error when it is full. */
export function findingsAnswer(
  view: Parameters<typeof formWithFindings>[0],
  checked: { findings: Parameters<typeof formWithFindings>[1]; canPublishAnyway: boolean },
  messageBlockId: string,
) {
  const updated = formWithFindings(view, checked.findings, checked.canPublishAnyway);
  if (updated) return { response_action: 'update' as const, view: updated };
  return {
    response_action: 'errors' as const,
    errors: { [messageBlockId]: findingsAsText(checked.findings, checked.canPublishAnyway).slice(0, 1900) },
  };
}
