import { Worker } from 'node:worker_threads';
import type { SlackTransport } from '../../test/support/slack-client.js';

// The benchmark's edge of the network, in a thread of its own (wire-thread.ts). It sends the signed requests
// and notes when each left; its pass-through proxies, in front of the fakes, note when each call from the app
// arrived and can hold each answer back for an injected latency. The main thread's event loop, which runs the
// fakes' contract checks and the scenarios' bookkeeping, is often 10–40 ms late in a burst: a packet capture of
// the loopback showed the benchmark adding that much to views.open latencies when it took the times itself.

/** The header a proxy adds to each forwarded request: when it arrived, in epoch milliseconds. */
export const ARRIVED_AT_HEADER = 'x-bench-arrived-at';

export type ToWire =
  | { type: 'send'; id: number; url: string; headers: Record<string, string>; body: string }
  | { type: 'proxy'; id: number; target: string; record: boolean }
  | { type: 'hold'; proxy: number; ms: number };

export type FromWire =
  | { type: 'answer'; id: number; sentAt: number; status: number; body: string }
  | { type: 'failed'; id: number; message: string }
  | { type: 'listening'; id: number; url: string }
  | { type: 'arrival'; proxy: number; seq: number; at: number; method: string; path: string; body: string }
  | { type: 'answered'; proxy: number; seq: number; answeredAt: number };

export interface Arrival {
  /** When the request's headers reached the proxy, epoch ms. */
  at: number;
  method: string;
  path: string;
  body: string;
  /** When the proxy handed the answer back (after any injected latency); null until then. */
  answeredAt: number | null;
}

export interface WireProxy {
  /** Give this to the app instead of the fake's own URL. */
  url: string;
  /** Every request, in arrival order; only for proxies started with `record`. */
  arrivals: readonly Arrival[];
  /** From now on, each answer goes back no sooner than `ms` after its request arrived. */
  holdAnswers(ms: number): void;
}

export interface Wire {
  /** For createSlackRequester: sends from the wire's thread; the answer carries `sentAt`. */
  send: SlackTransport;
  /** A timestamping proxy in front of `target`; `record` keeps each request's arrival and body. */
  proxy(target: string, options?: { record?: boolean }): Promise<WireProxy>;
  close(): Promise<void>;
}

const THREAD = new URL('./wire-thread.ts', import.meta.url).href;

export async function startWire(): Promise<Wire> {
  // tsx's loader does not reach worker threads on Node 20, so the thread loads its TypeScript through tsx's API.
  const loader = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(loader)}).then(({ tsImport }) => tsImport(${JSON.stringify(THREAD)}, ${JSON.stringify(import.meta.url)}))`,
    {
      eval: true,
    },
  );
  const waiting = new Map<number, { resolve: (message: FromWire) => void; reject: (error: Error) => void }>();
  const recorded = new Map<number, Arrival[]>();
  let nextId = 0;

  worker.on('message', (message: FromWire) => {
    if (message.type === 'arrival') {
      recorded.get(message.proxy)![message.seq] = {
        at: message.at,
        method: message.method,
        path: message.path,
        body: message.body,
        answeredAt: null,
      };
    } else if (message.type === 'answered') {
      const arrival = recorded.get(message.proxy)![message.seq];
      if (arrival) arrival.answeredAt = message.answeredAt;
    } else {
      waiting.get(message.id)?.resolve(message);
      waiting.delete(message.id);
    }
  });
  worker.on('error', (error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  });

  const ask = (message: ToWire & { id: number }): Promise<FromWire> =>
    new Promise((resolve, reject) => {
      waiting.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });

  return {
    async send(url, { headers, body }) {
      const answer = await ask({ type: 'send', id: nextId++, url, headers, body });
      if (answer.type === 'failed') throw new Error(`the wire could not send to ${url}: ${answer.message}`);
      if (answer.type !== 'answer') throw new Error(`the wire answered a send with ${answer.type}`);
      return { status: answer.status, body: answer.body, sentAt: answer.sentAt };
    },
    async proxy(target, { record = false } = {}) {
      const id = nextId++;
      const arrivals: Arrival[] = [];
      if (record) recorded.set(id, arrivals);
      const listening = await ask({ type: 'proxy', id, target, record });
      if (listening.type !== 'listening') throw new Error(`the wire answered a proxy with ${listening.type}`);
      return {
        url: listening.url,
        // Messages may come out of order with one another's seq; holes are filled as they arrive.
        get arrivals() {
          return arrivals.filter(Boolean);
        },
        holdAnswers: (ms) => worker.postMessage({ type: 'hold', proxy: id, ms } satisfies ToWire),
      };
    },
    async close() {
      await worker.terminate();
    },
  };
}
