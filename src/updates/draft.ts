import { z } from 'zod';

// The update a responder submitted, provider-neutral and complete: ids to send, labels to show.
// It is what the outbox stores, what "Edit and retry" refills the form from, and what the echo renders.

/** "Next update in" choices, in minutes. */
export const NEXT_UPDATE_MINUTES = [15, 30, 60, 120, 240] as const;

/** Slack's plain_text_input max_length; longer text never reaches us through the form. */
export const MESSAGE_MAX_LENGTH = 3000;

const choiceSchema = z.object({ id: z.string().min(1), label: z.string() });

/** The longest title any provider takes (DevHelm); each provider's own limit is checked in the form. */
export const TITLE_MAX_LENGTH = 500;

const isoTime = z.string().datetime({ offset: true });

/**
 * What opening a post adds to its first update: the title, and a maintenance's window. Until it is published the
 * draft's `post` has no id (NOT_OPENED_YET); once it is, the post it opened is recorded there like any other.
 */
const openingSchema = z.object({
  title: z.string().min(1).max(TITLE_MAX_LENGTH),
  window: z
    .object({
      startsAt: isoTime,
      endsAt: isoTime,
      startAutomatically: z.boolean(),
      completeAutomatically: z.boolean(),
      componentsToMaintenance: z.boolean(),
    })
    .nullable(),
  /** Opened as a draft the page keeps private until published (a DevHelm page in review mode); absent: public. */
  awaitingPublish: z.boolean().optional(),
});

export const updateDraftSchema = z
  .object({
    provider: z.enum(['pagerduty', 'devhelm', 'statuspage']),
    page: z.object({ id: z.string().min(1), name: z.string(), url: z.string().nullable() }),
    post: z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(['incident', 'maintenance']),
      url: z.string().nullable(),
    }),
    status: choiceSchema,
    severity: choiceSchema.nullable(),
    message: z.string().min(1).max(MESSAGE_MAX_LENGTH),
    impacts: z.array(z.object({ component: choiceSchema, impact: choiceSchema })),
    notifySubscribers: z.boolean(),
    nextUpdateMinutes: z.number().int().positive().nullable(),
    /** ISO 8601; null means "when published". */
    reportedAt: isoTime.nullable(),
    /** Set when this update opens its post (absent in drafts stored before posts could be opened). */
    opening: openingSchema.nullable().optional(),
  })
  .refine((draft) => draft.post.id !== NOT_OPENED_YET || draft.opening != null, {
    message: 'only a draft that opens its post may leave the post id empty',
    path: ['post', 'id'],
  });

export type UpdateDraft = z.infer<typeof updateDraftSchema>;
export type OpeningDraft = z.infer<typeof openingSchema>;
export type MaintenanceWindowDraft = NonNullable<OpeningDraft['window']>;

/** The post was opened, but as a draft the page keeps private until someone publishes it (OpenedPost.awaitingPublish). */
export function awaitsPublish(draft: UpdateDraft): boolean {
  return draft.opening?.awaitingPublish === true && draft.post.id !== NOT_OPENED_YET;
}

/** The post id of a draft that opens its post, until the provider has given it one. */
export const NOT_OPENED_YET = '';

/** The draft opens a post that does not exist yet (as opposed to updating one, or having opened it). */
export function opensPost(draft: UpdateDraft): draft is UpdateDraft & { opening: OpeningDraft } {
  return draft.opening != null && draft.post.id === NOT_OPENED_YET;
}
export type DraftChoice = z.infer<typeof choiceSchema>;
