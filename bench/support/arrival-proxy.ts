import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// A pass-through proxy in front of a fake provider that notes when each request arrives (its
// headers, before its body) and what it carried. The fake itself keeps no timestamps; going
// through the proxy costs the response one extra loopback hop, which only makes figures worse.

export interface Arrival {
  /** Date.now() when the request's headers arrived. */
  at: number;
  method: string;
  path: string;
  body: string;
  /** Date.now() when the provider's answer came back through the proxy (its headers); null until then. */
  answeredAt: number | null;
}

export interface ArrivalProxy {
  /** Give this to the app instead of the fake's own URL. */
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

export async function startArrivalProxy(targetUrl: string): Promise<ArrivalProxy> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true });
  const arrivals: Arrival[] = [];

  const server = createServer((incoming, outgoing) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const arrival: Arrival = { at, method: incoming.method ?? 'GET', path: incoming.url ?? '/', body: body.toString('utf8'), answeredAt: null };
      arrivals.push(arrival);
      const upstream = request(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
        (answer: IncomingMessage) => {
          arrival.answeredAt = Date.now();
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
