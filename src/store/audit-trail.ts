// The audit trail: every HTTP exchange with a status page made while publishing or correcting a submission,
// retries included, kept with the submission (the attempts table).

/** One HTTP exchange with the provider made while publishing: the audit trail. */
export interface AttemptRecord {
  submissionId: string;
  method: string;
  url: string;
  requestBody: unknown;
  responseStatus: number | null;
  responseBody: unknown;
  errorCode: string | null;
  startedAt: Date;
  durationMs: number;
}

export interface StoredAttempt extends AttemptRecord {
  id: number;
}
