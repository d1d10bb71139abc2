import { nowInSeconds, signSlackRequest } from './slack-signing.js';
import { type SlashCommandFields, slashCommandBody, UNSET_RESPONSE_URL } from './slack-payloads.js';

// Plays Slack's side of the HTTP conversation: posts signed requests to the app's `/slack/events`
// with exactly the content types and body encodings Slack uses.

export interface SlackResponse {
  status: number;
  /** The raw response body. */
  body: string;
  /** The body parsed, when it is JSON. */
  json?: unknown;
  /** When the request was written, epoch ms, from transports that note it (the benchmark's wire). */
  sentAt?: number;
}

/** Sends one signed POST and reads the whole answer. Default: fetch. */
export type SlackTransport = (
  url: string,
  request: { headers: Record<string, string>; body: string },
) => Promise<{ status: number; body: string; sentAt?: number }>;

/** Where new trigger_ids and response_urls come from when a command leaves them out (the fake Slack). */
export interface SlackTokenIssuer {
  newTriggerId(): string;
  newResponseUrl(): string;
}

export interface SlackRequesterOptions {
  /** The app's `http://127.0.0.1:<port>`. */
  baseUrl: string;
  signingSecret: string;
  /** Default `/slack/events`. */
  path?: string;
  /** Fills in trigger_id and response_url for commands that do not give them. */
  issuer?: SlackTokenIssuer;
  transport?: SlackTransport;
}

/**
 * `valid`: signed now with the right secret. `wrong`: signed with another secret. `stale`: correctly
 * signed 6 minutes ago (Bolt refuses anything older than 5). `none`: no signature headers.
 */
export type SignMode = 'valid' | 'wrong' | 'stale' | 'none';

export interface RawRequest {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  sign?: SignMode;
  /** Overrides the timestamp (seconds) used for signing. */
  timestamp?: number;
}

export interface SlackRequester {
  command(fields?: SlashCommandFields): Promise<SlackResponse>;
  blockActions(payload: Record<string, unknown>): Promise<SlackResponse>;
  viewSubmission(payload: Record<string, unknown>): Promise<SlackResponse>;
  viewClosed(payload: Record<string, unknown>): Promise<SlackResponse>;
  blockSuggestion(payload: Record<string, unknown>): Promise<SlackResponse>;
  raw(request: RawRequest): Promise<SlackResponse>;
}

const FORM = 'application/x-www-form-urlencoded';
const STALE_BY_SECONDS = 6 * 60;

function signatureHeaders(mode: SignMode, secret: string, body: string, timestamp: number | undefined): Record<string, string> {
  switch (mode) {
    case 'none':
      return {};
    case 'wrong':
      return { ...signSlackRequest(`${secret}-but-wrong`, body, timestamp) };
    case 'stale':
      return { ...signSlackRequest(secret, body, timestamp ?? nowInSeconds() - STALE_BY_SECONDS) };
    case 'valid':
      return { ...signSlackRequest(secret, body, timestamp) };
  }
}

const fetchTransport: SlackTransport = async (url, { headers, body }) => {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createSlackRequester(options: SlackRequesterOptions): SlackRequester {
  const url = `${options.baseUrl.replace(/\/$/, '')}${options.path ?? '/slack/events'}`;
  const transport = options.transport ?? fetchTransport;

  async function raw(request: RawRequest): Promise<SlackResponse> {
    const headers = {
      'content-type': request.contentType,
      ...signatureHeaders(request.sign ?? 'valid', options.signingSecret, request.body, request.timestamp),
      ...request.headers,
    };
    const { status, body, sentAt } = await transport(url, { headers, body: request.body });
    const json = parseJson(body);
    return { status, body, ...(json === undefined ? {} : { json }), ...(sentAt === undefined ? {} : { sentAt }) };
  }

  /** Interactive payloads travel as a single form field, `payload=<json>`. */
  function interaction(expectedType: string) {
    return async (payload: Record<string, unknown>): Promise<SlackResponse> => {
      if (payload.type !== expectedType) {
        throw new Error(`expected a ${expectedType} payload, got type ${JSON.stringify(payload.type)}`);
      }
      // A message's button carries a response_url of Slack's; one the test left unset gets one of the fake's.
      const sent =
        payload.response_url === UNSET_RESPONSE_URL && options.issuer
          ? { ...payload, response_url: options.issuer.newResponseUrl() }
          : payload;
      return raw({ body: new URLSearchParams({ payload: JSON.stringify(sent) }).toString(), contentType: FORM });
    };
  }

  return {
    command(fields = {}) {
      const issued = {
        ...(fields.trigger_id === undefined && options.issuer ? { trigger_id: options.issuer.newTriggerId() } : {}),
        ...(fields.response_url === undefined && options.issuer ? { response_url: options.issuer.newResponseUrl() } : {}),
      };
      const body = new URLSearchParams(slashCommandBody({ ...fields, ...issued })).toString();
      return raw({ body, contentType: FORM });
    },
    blockActions: interaction('block_actions'),
    viewSubmission: interaction('view_submission'),
    viewClosed: interaction('view_closed'),
    blockSuggestion: interaction('block_suggestion'),
    raw,
  };
}
