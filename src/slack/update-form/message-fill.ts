import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import type { ProviderCatalog } from '../../providers/catalog.js';
import type { PostOptions } from '../../providers/provider.js';
import type { FormFill } from './blocks/update-form.js';
import type { MessageSource } from './blocks/message-tools.js';
import { resolveWarningFor } from './blocks/resolve-warning.js';
import type { FormMetadata } from './form-metadata.js';
import { chosenStatusId, typedMessage, typedTitle } from './read-update-form.js';
import { completeFormState, formStateFromCache, showForm } from './update-form-flow.js';

// Text for the message from a template or the last update, put in the form without costing the user anything
// they entered: an empty message box is filled at once (at a new block id revision, the only way to change what
// an input shows); one with text keeps it, and the text is offered beside it until "Replace the message" is
// clicked (`confirmed`). The status and the create form's title are filled only where nothing is chosen or typed.

export interface OfferedText {
  source: MessageSource;
  /** What it is, for people: "The template", "The last update". */
  label: string;
  message: string;
  /** The page's status the template's stage names; null when it names none the page has. */
  statusId?: string | null;
  /** A title for a new incident or maintenance. */
  title?: string | null;
}

export interface FilledForm {
  metadata: FormMetadata;
  fill: FormFill;
  offer: { source: MessageSource; label: string; text: string } | null;
}

/** What the form becomes with `offered`, given what it holds now (`values`, its view.state.values). */
export function fillMessage(values: unknown, metadata: FormMetadata, offered: OfferedText, confirmed: boolean): FilledForm {
  const typed = typedMessage(values, metadata).trim();
  const replace = confirmed || typed === '';
  const fill: FormFill = {};
  if (replace) fill.message = offered.message;
  if (offered.statusId && chosenStatusId(values, metadata) === null) fill.statusId = offered.statusId;
  if (metadata.opening && offered.title && typedTitle(values, metadata).trim() === '') fill.title = offered.title;
  // Each field filled moves to a new block id: Slack shows a new initial value only there (see FormFill).
  const bump = (revision: number | undefined, filled: boolean) => (filled ? (revision ?? 0) + 1 : revision);
  return {
    metadata: {
      ...metadata,
      messageRevision: bump(metadata.messageRevision, replace),
      statusRevision: bump(metadata.statusRevision, fill.statusId !== undefined),
      titleRevision: bump(metadata.titleRevision, fill.title !== undefined),
    },
    fill,
    offer: replace || typed === offered.message.trim() ? null : { source: offered.source, label: offered.label, text: offered.message },
  };
}

/** Shows the form filled with `offered`, rebuilt from the lists it was built with (loading any that expired). */
export async function showFilledForm(
  deps: { client: WebClient; catalog: ProviderCatalog; logger: Logger },
  view: { id: string; hash?: string | undefined; values: unknown },
  metadata: FormMetadata,
  options: PostOptions | null,
  filled: FilledForm,
): Promise<void> {
  const state = await completeFormState(deps.catalog, formStateFromCache(deps.catalog, filled.metadata));
  // The resolve warning is worked out from the status as chosen now (the one filled in counts once chosen).
  const resolveWarning = options ? resolveWarningFor(view.values, metadata, options) : null;
  await showForm(deps.client, deps.logger, view, { ...state, resolveWarning, fill: filled.fill, messageOffer: filled.offer });
}
