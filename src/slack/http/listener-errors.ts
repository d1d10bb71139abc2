import { rootErrors } from '../../observability/error-causes.js';
import { describeSlackFailure } from '../../slack-kit/slack-error.js';
import { AlteredPayloadError } from './altered-payload.js';

// Whose fault a failed request was, for the log an operator pages on. A payload altered by its sender, and a
// request's own handles that Slack no longer takes (a response_url used up or expired, a trigger_id past its 3
// seconds, a view or message gone) are the sender's, or time's: a warning. Anything else (a bug in Herald, Slack
// or a provider failing) is an error.

/** Slack's answers about the request's own handles, not about Herald or Slack being broken. */
const STALE_HANDLES = new Set([
  'expired_trigger_id',
  'invalid_trigger_id',
  'exchanged_trigger_id',
  'trigger_exchanged',
  'not_found',
  'view_not_found',
  'hash_conflict',
  'message_not_found',
  'cant_update_message',
  'invalid_response_url',
]);

export type FailureVerdict = { level: 'warn'; reason: string } | { level: 'error' };

export function judgeListenerFailure(error: unknown): FailureVerdict {
  const causes = rootErrors(error);
  const reasons = causes.map(staleHandle);
  if (reasons.every((reason): reason is string => reason !== null)) return { level: 'warn', reason: [...new Set(reasons)].join('; ') };
  return { level: 'error' };
}

function staleHandle(error: unknown): string | null {
  if (error instanceof AlteredPayloadError) return `the payload was altered or is from an older Herald (${error.message.slice(0, 200)})`;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'slack_bolt_respond_error') return 'the response_url refused the answer (used up or expired)';
  const failure = describeSlackFailure(error);
  return failure.refused && STALE_HANDLES.has(failure.code)
    ? `Slack no longer takes this request's ${failure.code.replace(/_/g, ' ')}`
    : null;
}
