import { stdSerializers } from 'pino';

// How an error reaches the log: pino's own serializer (message, stack, own fields, `cause`, an AggregateError's
// errors), plus the errors Bolt wraps a listener's in, each with its message and stack. Without this Bolt's
// MultipleListenerError's `originals` were printed as empty objects: the real cause of a real failure was lost.

type Serialized = ReturnType<typeof stdSerializers.err> & Record<string, unknown>;

/** The nested errors an error wraps: an AggregateError's, Bolt's wrappers' (`originals`, `original`). */
function innerErrors(error: Record<string, unknown>): { field: string; errors: unknown[] }[] {
  const inner: { field: string; errors: unknown[] }[] = [];
  for (const field of ['errors', 'originals']) {
    const value = error[field];
    if (Array.isArray(value) && value.some((item) => item instanceof Error)) inner.push({ field, errors: value });
  }
  if (error.original instanceof Error) inner.push({ field: 'original', errors: [error.original] });
  return inner;
}

export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as Serialized;
  if (depth >= 3) return serialized;
  for (const { field, errors } of innerErrors(error as unknown as Record<string, unknown>)) {
    if (field === 'errors') continue; // pino writes an AggregateError's own as `aggregateErrors`
    const each = errors.map((inner) => serializeError(inner, depth + 1));
    serialized[field] = field === 'original' ? each[0] : each;
  }
  return serialized;
}

/** The errors an error stands for: itself, or what it wraps (Bolt wraps a listener's error, or several). */
export function rootErrors(error: unknown): unknown[] {
  if (!(error instanceof Error)) return [error];
  const inner = innerErrors(error as unknown as Record<string, unknown>);
  if (inner.length === 0) return [error];
  return inner.flatMap(({ errors }) => errors.flatMap(rootErrors));
}
