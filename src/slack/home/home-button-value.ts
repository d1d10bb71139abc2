import { z } from 'zod';
import type { ProviderId } from '../../providers/provider.js';

// Which incident a Home tab button is about, carried in the button's value (at most 2,000 characters). It
// comes back from Slack, so it is parsed as untrusted input and only names an incident: the handler reads the
// incident itself again.

export interface HomeButtonValue {
  provider: ProviderId;
  pageId: string;
  postId: string;
}

const schema = z.object({
  p: z.enum(['pagerduty', 'devhelm', 'statuspage']),
  g: z.string().min(1).max(500),
  i: z.string().min(1).max(500),
});

export function encodeHomeButtonValue(value: HomeButtonValue): string {
  return JSON.stringify({ p: value.provider, g: value.pageId, i: value.postId });
}

export function decodeHomeButtonValue(text: string | undefined): HomeButtonValue | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? { provider: parsed.data.p, pageId: parsed.data.g, postId: parsed.data.i } : null;
  } catch {
    return null;
  }
}
