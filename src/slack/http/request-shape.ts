import { parse as parseQueryString } from 'node:querystring';
import { z } from 'zod';

// What a signed request from Slack must look like before Bolt is given it. Bolt trusts the shape of what it
// receives: it reads `body.ssl_check`, `body.team.id`, `body.user.id`, `body.actions[0]` without looking, so
// a correctly signed `payload=null` once crashed the process. Here the body is read the way Bolt reads it and
// its outer shape is checked for the kind of request Bolt will take it for (the same order of tests as
// Bolt's own dispatch), so that whatever reaches Bolt and the listeners has the fields they read. Only the
// envelope is checked: the form's own values are parsed by the listeners, field by field, with their own errors.

export type Body = Record<string, unknown>;

export type ReadResult = { ok: true; body: Body } | { ok: false; reason: string };

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * The body as Bolt will parse it: a form body is its fields, or the JSON in its `payload` field; any other
 * content type is JSON. Refused when it does not parse or is not an object (null, an array, a string).
 */
export function readSlackBody(raw: string, contentType: string | undefined): ReadResult {
  let parsed: unknown;
  try {
    if (contentType === FORM_CONTENT_TYPE) {
      const fields = parseQueryString(raw);
      parsed = typeof fields.payload === 'string' ? JSON.parse(fields.payload) : { ...fields };
    } else {
      parsed = JSON.parse(raw);
    }
  } catch {
    return { ok: false, reason: 'the body is not valid JSON or form data' };
  }
  if (!isPlainObject(parsed)) return { ok: false, reason: `the payload is ${describeValue(parsed)}, not an object` };
  return { ok: true, body: parsed };
}

const text = z.string();
/**
 * A workspace or org id. Bolt keys its per-workspace clients by it in a plain object, so one named like a property
 * every object has ("constructor", "__proto__") found a function there instead of a client and crashed the request.
 */
const workspaceId = text.min(1).refine((id) => !(id in Object.prototype), 'not a workspace id');
const team = z.looseObject({ id: workspaceId.optional(), enterprise_id: workspaceId.nullish() }).nullish();
const enterprise = z.looseObject({ id: workspaceId.optional() }).nullish();
const user = z.looseObject({ id: text.min(1), team_id: workspaceId.optional() });
const channel = z.looseObject({ id: text.optional() });
const enterpriseFlag = z.union([z.boolean(), text]).optional();

const view = z.looseObject({
  id: text.min(1),
  callback_id: text,
  hash: text.optional(),
  private_metadata: text.optional(),
  app_installed_team_id: workspaceId.nullish(),
  // Slack sends every view with its state; the listeners read the form's values from it.
  state: z.looseObject({ values: z.record(text, z.record(text, z.looseObject({}))) }),
});

/** What Bolt and Herald read of every interactive payload: who, from which workspace. */
const interactive = {
  user,
  team,
  enterprise,
  is_enterprise_install: enterpriseFlag,
  channel: channel.optional(),
};

const command = z.looseObject({
  command: text,
  text: text.optional(),
  user_id: text.min(1),
  channel_id: text.min(1),
  team_id: workspaceId.optional(),
  enterprise_id: workspaceId.optional(),
  is_enterprise_install: text.optional(),
  // Slack always sends both; without them Bolt gives the listener no way to answer.
  trigger_id: text.min(1),
  response_url: z.url(),
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: workspaceId.optional(),
  enterprise_id: workspaceId.nullish(),
  is_enterprise_install: enterpriseFlag,
  authorizations: z
    .array(
      z.looseObject({
        team_id: workspaceId.nullish(),
        enterprise_id: workspaceId.nullish(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
  event: z.looseObject({
    type: text.min(1),
    user: z.union([text, z.looseObject({})]).optional(),
    channel: z.union([text, z.looseObject({})]).optional(),
    channel_id: text.optional(),
    item: z.looseObject({}).optional(),
    subteam: z.looseObject({}).optional(),
    tokens: z.looseObject({ bot: z.array(text).optional(), oauth: z.array(text).optional() }).optional(),
  }),
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  ...interactive,
  actions: z.array(z.looseObject({ action_id: text, block_id: text.optional(), type: text.optional(), value: text.optional() })).min(1),
  view: view.optional(),
  container: z.looseObject({}).optional(),
  message: z.looseObject({}).optional(),
  trigger_id: text.min(1),
  response_url: z.url().optional(),
});

const blockSuggestion = z.looseObject({
  type: z.literal('block_suggestion'),
  ...interactive,
  action_id: text,
  block_id: text,
  value: text,
  view: view.optional(),
});

const viewPayload = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  ...interactive,
  view,
});

const shortcut = z.looseObject({
  type: z.literal('shortcut'),
  ...interactive,
  callback_id: text,
  trigger_id: text.min(1),
});

const messageAction = z.looseObject({
  type: z.literal('message_action'),
  ...interactive,
  channel,
  callback_id: text,
  trigger_id: text.min(1),
  message: z.looseObject({}),
});

/**
 * Why Bolt must not be given this body, or null when its envelope has the shape of what Slack sends. The kind
 * is decided as Bolt decides it (an `event` field makes an event, a `command` field a command, and so on), so a body
 * cannot pass as one kind here and be read as another there.
 */
export function envelopeProblem(body: Body, slackOrigins: readonly string[] = SLACK_RESPONSE_URL_ORIGINS): string | null {
  return shapeProblem(body) ?? responseUrlProblem(body, slackOrigins);
}

/** Where Slack's response_urls point. Anything else in a request is not Slack's, and Herald would post to it. */
export const SLACK_RESPONSE_URL_ORIGINS: readonly string[] = ['https://hooks.slack.com', 'https://hooks.slack-gov.com'];

/** Slack's response_url origins, and the one SLACK_API_URL points at (a test's fake Slack answers its own). */
export function slackOriginsWith(apiUrl: string): string[] {
  return [...new Set([...SLACK_RESPONSE_URL_ORIGINS, new URL(apiUrl).origin])];
}

function responseUrlProblem(body: Body, slackOrigins: readonly string[]): string | null {
  if (body.response_url === undefined) return null;
  const url = typeof body.response_url === 'string' && URL.canParse(body.response_url) ? new URL(body.response_url) : null;
  return url && slackOrigins.includes(url.origin) ? null : "a response_url that is not Slack's";
}

function shapeProblem(body: Body): string | null {
  if (body.ssl_check !== undefined) return body.ssl_check === '1' ? null : 'ssl_check is not "1"';
  if (body.type === 'url_verification') return problemOf(z.looseObject({ challenge: text }), body, 'url_verification');
  if (body.event !== undefined) return problemOf(eventCallback, body, 'event');
  if (body.command !== undefined) return problemOf(command, body, 'command');
  if (body.name !== undefined || body.type === 'block_suggestion') return problemOf(blockSuggestion, body, 'options request');
  if (body.actions !== undefined || body.type === 'dialog_submission') return problemOf(blockActions, body, 'action');
  if (body.type === 'shortcut') return problemOf(shortcut, body, 'shortcut');
  if (body.type === 'message_action') return problemOf(messageAction, body, 'message shortcut');
  if (body.type === 'view_submission' || body.type === 'view_closed') return problemOf(viewPayload, body, String(body.type));
  // Slack tells an app it is rate limited this way; nothing is to be done but to answer.
  if (body.type === 'app_rate_limited') return null;
  return typeof body.type === 'string'
    ? `a payload of type "${shorten(body.type)}", which Slack does not send Herald`
    : 'a payload of no known kind';
}

function problemOf(schema: z.ZodType, body: Body, kind: string): string | null {
  const result = schema.safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  const where = issue.path.map(String).join('.') || '(the payload)';
  return `a ${kind} whose ${shorten(where)} is ${issue.code === 'invalid_type' ? 'missing or of the wrong type' : 'not valid'}`;
}

function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Names from the request go into a log line: short, and nothing but printable ASCII. */
function shorten(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}...` : printable;
}
