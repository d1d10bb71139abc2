import { z } from 'zod';

// Reading one field of a submitted view (view.state.values) without trusting its shape: the payload comes from
// outside, so each field is parsed on its own and an odd one is reported, never thrown.

export const selectedOptionSchema = z.object({ value: z.string(), text: z.object({ text: z.string() }) });
export const selectSchema = z.object({ selected_option: selectedOptionSchema.nullish() });
export const multiSelectSchema = z.object({ selected_options: z.array(selectedOptionSchema).nullish() });
export const textSchema = z.object({ value: z.string().nullish() });
export const dateTimeSchema = z.object({ selected_date_time: z.number().nullish() });

export type Field<T> = { present: false } | { present: true; data: T | null };

/** Reads a form field: absent (its block was not in the view), unreadable (null data), or its parsed state. */
export function readField<T>(values: Record<string, unknown>, blockId: string, actionId: string, schema: z.ZodType<T>): Field<T> {
  const block = ownProperty(values, blockId);
  if (block === undefined) return { present: false };
  const parsed = schema.safeParse(isRecord(block) ? ownProperty(block, actionId) : undefined);
  return { present: true, data: parsed.success ? parsed.data : null };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Own properties only: a block id like "constructor" must not find Object.prototype.
function ownProperty(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
