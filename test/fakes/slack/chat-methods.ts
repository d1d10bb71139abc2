import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FakeChannel, StoredMessage } from './fake-state.js';
import { type Answer, fail, type MethodContext, type MethodHandler, reject, requireScope } from './method-context.js';
import { messageRejection } from './message-rules.js';
import { FAKE_WORKSPACE } from './workspace.js';

// Messages and the lookups around them: chat.*, pins.add, conversations.info, users.info, auth.test.

/**
 * What a workspace grants Herald by default: exactly the bot scopes manifest.yml asks for, read from it, so a
 * call that needs a scope the manifest lacks fails here with missing_scope as it would in production.
 */
export const DEFAULT_SCOPES: readonly string[] = manifestBotScopes();

function manifestBotScopes(): string[] {
  const manifest = parse(readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8')) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  };
  const scopes = manifest.oauth_config?.scopes?.bot;
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string'))
    throw new Error('manifest.yml has no oauth_config.scopes.bot list');
  return scopes;
}

const WORKSPACE_URL = `https://${FAKE_WORKSPACE.teamDomain}.slack.com/`;

/** The bot may write where it is a member, and in public channels with chat:write.public. */
function writableChannel(args: Record<string, unknown>, ctx: MethodContext): { channel: FakeChannel } | { refusal: Answer } {
  const channel = ctx.state.findChannel(args.channel) ?? appDirectMessage(args.channel, ctx);
  if (channel === undefined) return { refusal: fail('channel_not_found') };
  if (channel.botIsMember) return { channel };
  if (!channel.isPrivate && ctx.scopes.has('chat:write.public')) return { channel };
  return { refusal: fail('not_in_channel') };
}

/**
 * A user id as `channel` posts into the app's direct messages with that user (its Messages tab),
 * as Slack does; the conversation exists from the first message on.
 */
function appDirectMessage(ref: unknown, ctx: MethodContext): FakeChannel | undefined {
  if (typeof ref !== 'string') return undefined;
  const user = ctx.state.users.get(ref);
  if (user === undefined || user.isBot) return undefined;
  const id = `D${ref.slice(1)}`;
  const existing = ctx.state.findChannel(id);
  if (existing !== undefined) return existing;
  const channel: FakeChannel = { id, name: `dm-${user.name}`, isPrivate: true, botIsMember: true };
  ctx.state.channels.set(id, channel);
  return channel;
}

function checkedMessage(args: Record<string, unknown>, ctx: MethodContext): Answer | undefined {
  const rejection = messageRejection(args);
  return rejection === undefined ? undefined : reject(ctx, rejection.error, rejection.messages);
}

function optional<T>(value: T | undefined, key: string): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

export const authTest: MethodHandler = () => ({
  ok: true,
  url: WORKSPACE_URL,
  team: FAKE_WORKSPACE.teamName,
  user: FAKE_WORKSPACE.botName,
  team_id: FAKE_WORKSPACE.teamId,
  user_id: FAKE_WORKSPACE.botUserId,
  bot_id: FAKE_WORKSPACE.botId,
  is_enterprise_install: false,
});

export const chatPostMessage: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'chat:write');
  if (missing !== undefined) return missing;
  const target = writableChannel(args, ctx);
  if ('refusal' in target) return target.refusal;
  const invalid = checkedMessage(args, ctx);
  if (invalid !== undefined) return invalid;
  const channelId = target.channel.id;
  const message: StoredMessage = {
    type: 'message',
    channel: channelId,
    ts: ctx.nextTs(ctx.now()),
    text: typeof args.text === 'string' ? args.text : '',
    ...optional(args.blocks as unknown[] | undefined, 'blocks'),
    ...optional(args.attachments as unknown[] | undefined, 'attachments'),
    ...optional(typeof args.thread_ts === 'string' ? args.thread_ts : undefined, 'thread_ts'),
    user: FAKE_WORKSPACE.botUserId,
    bot_id: FAKE_WORKSPACE.botId,
    app_id: FAKE_WORKSPACE.appId,
    team: FAKE_WORKSPACE.teamId,
    pinned: false,
  };
  ctx.state.messages.set(channelId, [...ctx.state.messagesIn(channelId), message]);
  const { channel: _channel, pinned: _pinned, ...visible } = message;
  return { ok: true, channel: channelId, ts: message.ts, message: structuredClone(visible) };
};

export const chatPostEphemeral: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'chat:write');
  if (missing !== undefined) return missing;
  const target = writableChannel(args, ctx);
  if ('refusal' in target) return target.refusal;
  if (typeof args.user !== 'string' || !ctx.state.users.has(args.user)) return fail('user_not_found');
  const invalid = checkedMessage(args, ctx);
  if (invalid !== undefined) return invalid;
  const messageTs = ctx.nextTs(ctx.now());
  ctx.state.ephemerals.push({
    channel: target.channel.id,
    user: args.user,
    message_ts: messageTs,
    ...optional(typeof args.text === 'string' ? args.text : undefined, 'text'),
    ...optional(args.blocks as unknown[] | undefined, 'blocks'),
  });
  return { ok: true, message_ts: messageTs };
};

export const chatUpdate: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'chat:write');
  if (missing !== undefined) return missing;
  const channel = ctx.state.findChannel(args.channel);
  if (channel === undefined) return fail('channel_not_found');
  const message = ctx.state.findMessage(channel.id, args.ts);
  if (message === undefined) return fail('message_not_found');
  const invalid = checkedMessage(args, ctx);
  if (invalid !== undefined) return invalid;
  if (typeof args.text === 'string') message.text = args.text;
  if (args.blocks !== undefined) message.blocks = args.blocks as unknown[];
  message.edited = { user: FAKE_WORKSPACE.botUserId, ts: ctx.nextTs(ctx.now()) };
  const { channel: _channel, pinned: _pinned, ...visible } = message;
  return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: structuredClone(visible) };
};

export const pinsAdd: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'pins:write');
  if (missing !== undefined) return missing;
  const channel = ctx.state.findChannel(args.channel);
  if (channel === undefined) return fail('channel_not_found');
  if (!channel.botIsMember) return fail('not_in_channel');
  const message = ctx.state.findMessage(channel.id, args.timestamp);
  if (message === undefined) return fail('message_not_found');
  if (message.pinned) return fail('already_pinned');
  message.pinned = true;
  return { ok: true };
};

export const chatGetPermalink: MethodHandler = (args, ctx) => {
  const channel = ctx.state.findChannel(args.channel);
  if (channel === undefined) return fail('channel_not_found');
  const message = ctx.state.findMessage(channel.id, args.message_ts);
  if (message === undefined) return fail('message_not_found');
  return { ok: true, channel: channel.id, permalink: `${WORKSPACE_URL}archives/${channel.id}/p${message.ts.replace('.', '')}` };
};

export const conversationsInfo: MethodHandler = (args, ctx) => {
  const channel = ctx.state.findChannel(args.channel);
  // A private channel the bot is not in is invisible to it, exactly like one that does not exist.
  if (channel === undefined || (channel.isPrivate && !channel.botIsMember)) return fail('channel_not_found');
  const missing = requireScope(ctx, channel.isPrivate ? 'groups:read' : 'channels:read');
  if (missing !== undefined) return missing;
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: channel.isPrivate,
      is_archived: false,
      is_general: false,
      is_member: channel.botIsMember,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      context_team_id: FAKE_WORKSPACE.teamId,
      created: 1_700_000_000,
      creator: 'U0CREATOR1',
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
    },
  };
};

/** Slack reports the zone's current offset from UTC in seconds. */
function tzOffsetSeconds(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((part) => part.type === 'timeZoneName')?.value ?? '');
  if (offset === null) return 0;
  return (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 3600 + Number(offset[3]) * 60);
}

export const usersInfo: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'users:read');
  if (missing !== undefined) return missing;
  const user = typeof args.user === 'string' ? ctx.state.users.get(args.user) : undefined;
  if (user === undefined) return fail('user_not_found');
  const realName = user.realName ?? user.name;
  const tz = user.tz ?? 'UTC';
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: FAKE_WORKSPACE.teamId,
      name: user.name,
      deleted: false,
      real_name: realName,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz, new Date(ctx.now())),
      is_bot: user.isBot === true,
      is_admin: false,
      is_app_user: false,
      profile: { real_name: realName, display_name: user.name, real_name_normalized: realName, display_name_normalized: user.name },
    },
  };
};
