import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { ARRIVED_AT_HEADER, type FromWire, type ToWire } from './wire.js';

// The wire's thread (see wire.ts): sends the benchmark's signed requests and runs its timestamping proxies. Nothing
// else runs on this event loop, so the moments it notes are when the bytes left and arrived, give or take the
// scheduler.

const port = parentPort!;
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const heldMs = new Map<number, number>();

/** Wall-clock milliseconds with a fraction, comparable with the main thread's (both count from the epoch). */
const now = () => performance.timeOrigin + performance.now();
const tell = (message: FromWire) => port.postMessage(message);

port.on('message', (message: ToWire) => {
  switch (message.type) {
    case 'send':
      return send(message);
    case 'proxy':
      return startProxy(message);
    case 'hold':
      heldMs.set(message.proxy, message.ms);
      return;
  }
});

function send({ id, url, headers, body }: Extract<ToWire, { type: 'send' }>): void {
  const target = new URL(url);
  let sentAt = 0;
  const outgoing = request(
    {
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      agent,
    },
    (answer) => {
      void readAll(answer).then((text) =>
        tell({ type: 'answer', id, sentAt, status: answer.statusCode ?? 0, body: text.toString('utf8') }),
      );
    },
  );
  outgoing.on('error', (error) => tell({ type: 'failed', id, message: error.message }));
  sentAt = now();
  outgoing.end(body);
}

/**
 * A pass-through proxy: stamps each request's arrival (as a header for the fake behind it, and, when `record`
 * is set, as a message with its body), forwards it, and hands the answer back no sooner than the injected
 * latency after the arrival.
 */
function startProxy({ id, target, record }: Extract<ToWire, { type: 'proxy' }>): void {
  const upstream = new URL(target);
  let seq = 0;
  const server = createServer((incoming, outgoing) => {
    const at = now();
    const call = seq++;
    void readAll(incoming).then((body) => {
      const method = incoming.method ?? 'GET';
      const path = incoming.url ?? '/';
      if (record) tell({ type: 'arrival', proxy: id, seq: call, at, method, path, body: body.toString('utf8') });
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method,
          path,
          headers: { ...incoming.headers, [ARRIVED_AT_HEADER]: String(at) },
          agent,
        },
        (answer) => {
          void readAll(answer).then((answerBody) => {
            const release = () => {
              outgoing.writeHead(answer.statusCode ?? 502, withLength(answer.headers, answerBody.length));
              outgoing.end(answerBody);
              if (record) tell({ type: 'answered', proxy: id, seq: call, answeredAt: now() });
            };
            const wait = at + (heldMs.get(id) ?? 0) - now();
            if (wait > 0) setTimeout(release, wait);
            else release();
          });
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port: listening } = server.address() as AddressInfo;
    tell({ type: 'listening', id, url: `http://127.0.0.1:${listening}` });
  });
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The answer is passed on whole, so it goes with a length, not in the chunks it may have come in. */
function withLength(headers: IncomingHttpHeaders, length: number): IncomingHttpHeaders {
  const { 'transfer-encoding': _chunked, ...rest } = headers;
  return { ...rest, 'content-length': String(length) };
}
