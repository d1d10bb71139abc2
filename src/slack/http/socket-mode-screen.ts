import type { SocketModeReceiver } from '@slack/bolt';
import { envelopeProblem } from './request-shape.js';

// Socket Mode's counterpart of the request guard's shape check. The Socket Mode client reads each message's
// fields before Bolt sees it (`payload.event.type` of an events_api envelope, say), and a message of the
// wrong shape there is an error thrown where nothing catches it. So every message is screened before the
// client reads it: a malformed envelope is acknowledged (Slack would otherwise send it again) and dropped.

/** The client emits each WebSocket message as this event to its own reader. */
const MESSAGE_EVENT = 'ws_message';

/** Envelopes that carry a payload for Bolt; the others (hello, disconnect) are the connection's own. */
const PAYLOAD_TYPES = new Set(['events_api', 'slash_commands', 'interactive']);
const CONNECTION_TYPES = new Set(['hello', 'disconnect']);

export function screenSocketModeMessages(
  receiver: SocketModeReceiver,
  slackOrigins: readonly string[],
  onMalformed: (reason: string) => void,
): void {
  const client = receiver.client;
  const readers = client.listeners(MESSAGE_EVENT) as ((data: unknown, isBinary: boolean) => unknown)[];
  // The client's reader is where the crash would happen: without it to wrap, Herald must not start unguarded.
  if (readers.length === 0)
    throw new Error(`The Socket Mode client no longer reads messages from "${MESSAGE_EVENT}": Herald cannot screen them`);
  client.removeAllListeners(MESSAGE_EVENT);
  client.on(MESSAGE_EVENT, (data: unknown, isBinary: boolean) => {
    const screened = isBinary ? { problem: null } : screenMessage(typeof data === 'string' ? data : String(data), slackOrigins);
    if (screened.problem !== null) {
      onMalformed(screened.problem);
      if (screened.envelopeId !== undefined) acknowledge(client, screened.envelopeId);
      return;
    }
    for (const read of readers) read.call(client, data, isBinary);
  });
}

/** An empty acknowledgement, as the client's own ack() sends: Slack stops resending the envelope. */
function acknowledge(client: SocketModeReceiver['client'], envelopeId: string): void {
  // `send` is what the client's ack() calls; it is typed private, though it is the client's one way to answer.
  const send = (client as unknown as { send(id: string, body?: object): Promise<void> }).send.bind(client);
  send(envelopeId).catch(() => undefined);
}

type Screened = { problem: null } | { problem: string; envelopeId?: string };

export function screenMessage(raw: string, slackOrigins: readonly string[]): Screened {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return { problem: 'a Socket Mode message that is not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { problem: 'a Socket Mode message that is not an object' };
  const { type, envelope_id: envelopeId, payload } = message as Record<string, unknown>;
  if (typeof type === 'string' && CONNECTION_TYPES.has(type)) return { problem: null };
  const id = typeof envelopeId === 'string' ? envelopeId : undefined;
  if (typeof type !== 'string' || !PAYLOAD_TYPES.has(type))
    return { problem: 'a Socket Mode envelope of a type Slack does not send Herald', ...(id ? { envelopeId: id } : {}) };
  if (id === undefined) return { problem: `a ${type} envelope without an envelope_id` };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { problem: `a ${type} envelope whose payload is not an object`, envelopeId: id };
  // The client reads `payload.event.type` of every events_api envelope itself.
  if (type === 'events_api' && (payload as Record<string, unknown>).event === undefined)
    return { problem: 'an events_api envelope without an event', envelopeId: id };
  const problem = envelopeProblem(payload as Record<string, unknown>, slackOrigins);
  return problem === null ? { problem: null } : { problem: `${type}: ${problem}`, envelopeId: id };
}
