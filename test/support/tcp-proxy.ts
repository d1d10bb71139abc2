import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

// A TCP proxy on loopback that the test controls, for dependency outages without touching the real server:
// Herald talks to the proxy, the proxy to the server. `cut()` drops every connection and refuses new ones (as a
// server restarting looks from the client); `stall()` lets nothing through either way and answers nothing (a
// network partition that drops packets: the client only finds out by its own timeouts); `restore()` ends either,
// and what a stall held back flows on.

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  cut(): void;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let open = true;
  let stalled = false;
  const sockets = new Set<Socket>();
  /** Connections made during a stall, joined to the server once it ends. */
  const waiting: Socket[] = [];
  const join = (client: Socket) => {
    const upstream = createConnection(target);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // a reset is what the test is about, not a failure of the proxy
  };
  const server = createServer((client) => {
    track(client);
    if (!open) {
      client.destroy();
      return;
    }
    if (stalled) {
      client.pause();
      waiting.push(client);
      return;
    }
    join(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    stall() {
      stalled = true;
      for (const socket of sockets) socket.pause();
    },
    restore() {
      open = true;
      stalled = false;
      for (const socket of sockets) socket.resume();
      for (const client of waiting.splice(0)) join(client);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
