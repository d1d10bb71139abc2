import type { Generated } from 'kysely';
import type { EchoState, SubmissionState } from '../updates/submission.js';

// Row shapes as both engines store them. Timestamps are ISO-8601 UTC strings (`Date#toISOString`):
// fixed width, so text comparison is time order on SQLite and PostgreSQL alike, and no engine
// turns them into something else on the way back (pg would hand BIGINT back as a string).
// JSON columns are text for the same reason: one encoding, parsed and checked in code.

export interface SubmissionsTable {
  id: string;
  key: string;
  team_id: string | null;
  user_id: string;
  channel_id: string;
  response_url: string | null;
  view_id: string | null;
  provider: string;
  page_id: string;
  post_id: string;
  /** UpdateDraft as JSON. */
  draft: string;
  state: SubmissionState;
  attempt_count: number;
  /** PublishFailure as JSON. */
  failure: string | null;
  entry_id: string | null;
  published_at: string | null;
  echo_state: EchoState;
  echo_ts: string | null;
  lease_until: string | null;
  /** Stores.ownerId of the lease holder. */
  lease_owner: string | null;
  notified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttemptsTable {
  id: Generated<number>;
  submission_id: string;
  method: string;
  url: string;
  request_body: string | null;
  response_status: number | null;
  response_body: string | null;
  error_code: string | null;
  started_at: string;
  duration_ms: number;
}

export interface Database {
  submissions: SubmissionsTable;
  attempts: AttemptsTable;
}

export type Engine = 'sqlite' | 'postgres';
