import { z } from 'zod';
import { truncate } from '../../slack-kit/mrkdwn.js';
import { AlteredPayloadError } from '../http/altered-payload.js';

// What the form remembers between Slack round-trips, carried in the modal's private_metadata (3,000 characters
// at most). It comes back to us from Slack, so it is parsed as untrusted input on the way in.

export const FORM_METADATA_MAX_LENGTH = 3000;

const pageSchema = z.object({
  provider: z.enum(['pagerduty', 'devhelm', 'statuspage']),
  id: z.string().min(1),
  name: z.string(),
  url: z.string().nullable(),
});

const postSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  kind: z.enum(['incident', 'maintenance']),
  url: z.string().nullable(),
});

export const formMetadataSchema = z.object({
  v: z.literal(1),
  channelId: z.string().min(1),
  teamId: z.string().nullable(),
  responseUrl: z.string().nullable(),
  page: pageSchema.nullable(),
  post: postSchema.nullable(),
  /**
   * The components shown with one impact select each, so parsing can name them. `current`: the status the
   * component was at when the form was built, where the provider keeps components the update leaves out
   * (parsing then sends only the ones the user changed).
   */
  components: z.array(z.object({ id: z.string().min(1), name: z.string(), current: z.string().nullable().optional() })),
  capabilities: z
    .object({
      severity: z.boolean(),
      nextUpdate: z.boolean(),
      reportedAt: z.boolean(),
      componentsKeepUnlessChanged: z.boolean().optional(),
    })
    .nullable(),
  /** Bumped each time the form replaces the message's text (a template, the last update): see messageBlockId. */
  messageRevision: z.number().int().min(0).optional(),
  /** Bumped when a template sets the status nobody had chosen, or the create form's empty title: see statusBlockId. */
  statusRevision: z.number().int().min(0).optional(),
  titleRevision: z.number().int().min(0).optional(),
  /** The incident has an update published through Herald: the form offers "Start from the last update". */
  hasLastUpdate: z.boolean().optional(),
  /**
   * Set when the form opens a new post instead of updating one (`/status-update new`, or "New incident or
   * maintenance…" in the list of posts): the kind chosen, and what the chosen page's provider takes when
   * opening (null until a page is chosen). `post` then stays null.
   */
  opening: z
    .object({
      kind: z.enum(['incident', 'maintenance']),
      capabilities: z
        .object({
          titleMaxLength: z.number().int().positive(),
          maintenanceStatuses: z.boolean(),
          automaticStart: z.boolean(),
          automaticCompletion: z.boolean(),
          componentsToMaintenance: z.boolean(),
        })
        .nullable(),
    })
    .nullable()
    .optional(),
  /** Set when the form is reopened after a failed publish ("Edit and retry"). */
  submissionId: z.string().nullable(),
  /**
   * The channel's linked incidents (one per status page) when the form was opened: the form then offers to
   * publish to the others along with a linked one, or to remember an unlinked one. Absent: not known, no offer.
   */
  links: z
    .array(
      z.object({
        provider: z.enum(['pagerduty', 'devhelm', 'statuspage']),
        pageId: z.string().min(1),
        pageName: z.string(),
        postId: z.string().min(1),
        postKind: z.enum(['incident', 'maintenance']),
        postTitle: z.string(),
      }),
    )
    .optional(),
});

export type FormMetadata = z.infer<typeof formMetadataSchema>;

/** The metadata of a form just opened from `/status-update`, before anything is chosen. */
export function newFormMetadata(origin: { channelId: string; teamId: string | null; responseUrl: string | null }): FormMetadata {
  return {
    v: 1,
    channelId: origin.channelId,
    teamId: origin.teamId,
    responseUrl: origin.responseUrl,
    page: null,
    post: null,
    components: [],
    capabilities: null,
    submissionId: null,
  };
}

// Ways to make the metadata smaller, mildest first. Names are only labels (the ids are what matter), so they
// are shortened before the links the echo would show are given up.
const SHRINK_STEPS: ((m: FormMetadata) => FormMetadata)[] = [
  (m) => shortenNames(m, 75),
  (m) => shortenNames(m, 40),
  (m) => shortenNames(m, 20),
  (m) => ({
    ...shortenNames(m, 20),
    page: m.page && { ...m.page, url: null },
    post: m.post && { ...m.post, url: null },
  }),
];

function shortenNames(m: FormMetadata, max: number): FormMetadata {
  return {
    ...m,
    page: m.page && { ...m.page, name: truncate(m.page.name, max) },
    post: m.post && { ...m.post, title: truncate(m.post.title, max) },
    components: m.components.map((c) => ({ ...c, name: truncate(c.name, max) })),
    ...(m.links
      ? { links: m.links.map((link) => ({ ...link, pageName: truncate(link.pageName, max), postTitle: truncate(link.postTitle, max) })) }
      : {}),
  };
}

/** The encoded metadata, shortened as needed to fit Slack's limit; null when even that does not fit. */
export function tryEncodeFormMetadata(metadata: FormMetadata): string | null {
  // Parsing first drops extra fields (a PageChoice's providerName, say) that would waste the budget.
  const clean = formMetadataSchema.parse(metadata);
  for (const shrink of SHRINK_STEPS) {
    const encoded = JSON.stringify(shrink(clean));
    if (encoded.length <= FORM_METADATA_MAX_LENGTH) return encoded;
  }
  return null;
}

/**
 * Whether the encoded metadata still carries the channel's links: the last resort of encodeFormMetadata gives
 * them up, and the form must then not offer "Also publish to" or "Remember" (the next rebuild would not know them).
 */
export function keepsLinks(encoded: string): boolean {
  try {
    return (JSON.parse(encoded) as { links?: unknown }).links !== undefined;
  } catch {
    return false;
  }
}

/**
 * The metadata to fit in Slack's limit, shortened as needed. The last resort, rather than no form at all, gives
 * up the channel's links (ten linked pages with long names can fill the budget): the form then offers
 * neither "Also publish to" nor "Remember". Throws only when even that does not fit.
 */
export function encodeFormMetadata(metadata: FormMetadata): string {
  let encoded = tryEncodeFormMetadata(metadata);
  if (encoded === null && metadata.links) {
    encoded = tryEncodeFormMetadata({ ...metadata, links: undefined });
  }
  if (encoded === null) {
    throw new Error(`Form metadata does not fit in Slack's ${FORM_METADATA_MAX_LENGTH} characters, even with names shortened`);
  }
  return encoded;
}

export function decodeFormMetadata(encoded: string): FormMetadata {
  let json: unknown;
  try {
    json = JSON.parse(encoded);
  } catch (cause) {
    throw new AlteredPayloadError('Form metadata is not valid JSON: the modal was not built by Herald or was altered', {
      cause,
    });
  }
  const parsed = formMetadataSchema.safeParse(json);
  if (!parsed.success) {
    throw new AlteredPayloadError(`Form metadata is invalid: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
