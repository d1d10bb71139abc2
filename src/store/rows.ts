import type { Selectable } from 'kysely';
import { z } from 'zod';
import { updateDraftSchema } from '../updates/draft.js';
import type { AttemptsTable, SubmissionsTable } from './schema.js';
import type { PublishFailure, Submission } from '../updates/submission.js';
import type { StoredAttempt } from './audit-trail.js';

// Rows to domain objects. JSON columns are checked on the way out, so a corrupt or hand-edited row
// fails loudly where it is read instead of sending a half-formed update to a provider.

const publishFailureSchema = z.object({
  kind: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  requestId: z.string().optional(),
});

export function submissionFromRow(row: Selectable<SubmissionsTable>): Submission {
  return {
    id: row.id,
    key: row.key,
    teamId: row.team_id,
    userId: row.user_id,
    channelId: row.channel_id,
    responseUrl: row.response_url,
    viewId: row.view_id,
    draft: parseColumn(row.draft, updateDraftSchema, `draft of submission ${row.id}`),
    state: row.state,
    attemptCount: row.attempt_count,
    failure: row.failure === null ? null : parseColumn(row.failure, publishFailureSchema, `failure of submission ${row.id}`),
    entryId: row.entry_id,
    publishedAt: dateOrNull(row.published_at),
    echoState: row.echo_state,
    echoTs: row.echo_ts,
    leaseUntil: dateOrNull(row.lease_until),
    leaseOwner: row.lease_owner,
    notifiedAt: dateOrNull(row.notified_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function attemptFromRow(row: Selectable<AttemptsTable>): StoredAttempt {
  return {
    id: row.id,
    submissionId: row.submission_id,
    method: row.method,
    url: row.url,
    requestBody: jsonOrNull(row.request_body),
    responseStatus: row.response_status,
    responseBody: jsonOrNull(row.response_body),
    errorCode: row.error_code,
    startedAt: new Date(row.started_at),
    durationMs: row.duration_ms,
  };
}

export function failureToColumn(failure: PublishFailure): string {
  // Through the schema so optional fields left `undefined` do not become part of the contract.
  return JSON.stringify(publishFailureSchema.parse(failure));
}

/** Bodies are whatever the provider sent; `undefined` (no body) is stored as null. */
export function bodyToColumn(body: unknown): string | null {
  return body === undefined ? null : JSON.stringify(body);
}

function parseColumn<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`Stored ${what} is not valid JSON`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`Stored ${what} is invalid: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

function jsonOrNull(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function dateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}
