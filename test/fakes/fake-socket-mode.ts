import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// Slack's Socket Mode end, on 127.0.0.1: the app connects here (the URL comes from the fake Slack's
// apps.connections.open), is greeted with `hello`, and receives envelopes it must acknowledge by
// envelope_id, as Slack's servers do. Acknowledgements carry the response payload (e.g. a view ack).

export interface SocketEnvelopeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  url: string;
  /** Resolves once an app has connected and been greeted. */
  connected(): Promise<void>;
  /**
   * Sends one envelope (`slash_commands`, `interactive`…) and resolves with the app's acknowledgement. The
   * payload is sent as given, whatever its shape: tests of malformed envelopes pass anything.
   */
  send(
    type: 'slash_commands' | 'interactive' | 'events_api' | (string & {}),
    payload: unknown,
    timeoutMs?: number,
  ): Promise<SocketEnvelopeAck>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const waiting = new Map<string, (ack: SocketEnvelopeAck) => void>();
  let socket: WebSocket | undefined;
  let onConnect: (() => void) | undefined;
  const connectedOnce = new Promise<void>((resolve) => (onConnect = resolve));

  server.on('connection', (connection) => {
    socket = connection;
    connection.on('message', (data) => {
      const ack = JSON.parse(String(data)) as SocketEnvelopeAck;
      waiting.get(ack.envelope_id)?.(ack);
      waiting.delete(ack.envelope_id);
    });
    connection.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-socket-mode' },
        connection_info: { app_id: 'A0HERALD01' },
      }),
    );
    onConnect?.();
  });

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=fake`,
    connected: () => connectedOnce,
    send(type, payload, timeoutMs = 3000) {
      if (!socket) return Promise.reject(new Error('fake Socket Mode: no app is connected'));
      const envelopeId = randomUUID();
      const acked = new Promise<SocketEnvelopeAck>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fake Socket Mode: envelope ${type} was not acknowledged within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
      });
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true, retry_attempt: 0, retry_reason: '' }),
      );
      return acked;
    },
    async close() {
      // A close handshake, as Slack ends a connection: the app's client then stops at once instead of
      // waiting out its 30-second close timeout.
      await Promise.all(
        [...server.clients].map((client) => {
          const closed = once(client, 'close');
          client.close(1000, 'fake Socket Mode closing');
          return closed;
        }),
      );
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
