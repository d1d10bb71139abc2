import { z } from 'zod';

// The update a responder submitted, provider-neutral and complete: ids to send, labels to show.
// It is what the outbox stores, what "Edit and retry" refills the form from, and what the echo renders.

/** "Next update in" choices, in minutes. */
export const NEXT_UPDATE_MINUTES = [15, 30, 60, 120, 240] as const;

/** Slack's plain_text_input max_length; longer text never reaches us through the form. */
export const MESSAGE_MAX_LENGTH = 3000;

const choiceSchema = z.object({ id: z.string().min(1), label: z.string() });

export const updateDraftSchema = z.object({
  provider: z.enum(['pagerduty', 'devhelm', 'statuspage']),
  page: z.object({ id: z.string().min(1), name: z.string(), url: z.string().nullable() }),
  post: z.object({
    id: z.string().min(1),
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
  reportedAt: z.string().datetime({ offset: true }).nullable(),
});

export type UpdateDraft = z.infer<typeof updateDraftSchema>;
export type DraftChoice = z.infer<typeof choiceSchema>;
