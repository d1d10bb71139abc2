import type { FetchFunction } from '@slack/web-api';

// A `fetch` for the WebClient that answers every call with one JSON body, for tests of the WebClient itself
// (its patches: patches/README.md) that need no server.

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** Answers each call with `body` (JSON, 200), after telling `onCall` what was sent. */
export function fetchAnswering(
  body: unknown,
  onCall: (url: string, init: Parameters<FetchFunction>[1]) => void = () => undefined,
): FetchFunction {
  const text = JSON.stringify(body);
  return async (input, init) => {
    onCall(String(input), init);
    return {
      ok: true,
      status: 200,
      statusText: 'OK',
      url: String(input),
      headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null), *entries() {} },
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
      arrayBuffer: async () => new ArrayBuffer(0),
    } satisfies FetchResponse;
  };
}
