import { randomBase64url, randomHex } from './ids.js';
import { messageRejection } from './message-rules.js';

// Slack's response_url: a one-off webhook that takes up to 5 posts (and expires after 30 minutes,
// which no test lives long enough to see).

export const RESPONSE_URL_MAX_USES = 5;

export interface ResponseUrlOutcome {
  status: number;
  body: Record<string, unknown> | string;
  /** Present when the post was refused for its content, as a Web API call would be. */
  problems?: { error: string; messages: string[] };
}

export class ResponseUrls {
  private readonly posts = new Map<string, Record<string, unknown>[]>();

  /** Like Slack's `T…/1234567890/abcdef…` path segment. */
  issue(): string {
    const id = `${Date.now()}${randomHex(2)}-${randomBase64url(12)}`;
    this.posts.set(id, []);
    return id;
  }

  /** Accepts either the id or the whole URL. */
  postsTo(idOrUrl: string): Record<string, unknown>[] {
    const id = idOrUrl.split('/response/').pop() ?? idOrUrl;
    const posts = this.posts.get(id);
    if (posts === undefined) throw new Error(`fake Slack: no response_url with id ${id}`);
    return posts;
  }

  receive(id: string, body: Record<string, unknown>): ResponseUrlOutcome {
    const posts = this.posts.get(id);
    if (posts === undefined) return { status: 404, body: 'expired_url' };
    if (posts.length >= RESPONSE_URL_MAX_USES) return { status: 404, body: 'used_url' };
    if (body.delete_original !== true) {
      const rejection = messageRejection(body);
      if (rejection !== undefined) {
        return { status: 400, body: { ok: false, error: rejection.error }, problems: rejection };
      }
    }
    posts.push(body);
    return { status: 200, body: { ok: true } };
  }

  clear(): void {
    this.posts.clear();
  }
}
