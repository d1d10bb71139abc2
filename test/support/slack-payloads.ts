import { randomBytes, randomInt } from 'node:crypto';
import { FAKE_CHANNEL, FAKE_USER, FAKE_WORKSPACE } from '../fakes/slack/workspace.js';
import { findElement, type Pick, type StateValues, stateValueFromPick, type ViewWithBlocks } from './slack-state-values.js';

// Payloads as Slack posts them to the app (shapes from Slack's interaction-payload reference and
// Bolt's types). Defaults name the fake workspace, so they agree with the fake Slack.

export {
  findElement,
  type Pick,
  type StateValue,
  stateValueFor,
  type StateValues,
  type StateValueSpec,
  valuesFromView,
} from './slack-state-values.js';

type Json = Record<string, unknown>;

export interface PayloadUser {
  id: string;
  username: string;
  name: string;
  team_id: string;
}

export interface PayloadTeam {
  id: string;
  domain: string;
}

/** A view as the fake stores it (or any view with at least id and blocks). */
export interface ViewLike extends ViewWithBlocks {
  id: string;
  [key: string]: unknown;
}

export const DEFAULT_USER: PayloadUser = {
  id: FAKE_USER.id,
  username: FAKE_USER.name,
  name: FAKE_USER.name,
  team_id: FAKE_WORKSPACE.teamId,
};
export const DEFAULT_TEAM: PayloadTeam = { id: FAKE_WORKSPACE.teamId, domain: FAKE_WORKSPACE.teamDomain };

/**
 * Where an unset response_url points: loopback, a port nothing listens on, so a test that forgot
 * `fake.newResponseUrl()` fails loudly instead of reaching out.
 */
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:9/response-url-not-set';

/** A trigger_id the fake never issued (views.open answers `invalid_trigger_id`); use `fake.newTriggerId()`. */
export function unknownTriggerId(): string {
  return `${randomInt(1e11, 1e12)}.${randomInt(1e10, 1e11)}.${randomBytes(16).toString('hex')}`;
}

function actionTs(): string {
  const micros = Date.now() * 1000 + randomInt(1000);
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

function envelope(user: PayloadUser | undefined, team: PayloadTeam | undefined): Json {
  return {
    user: user ?? DEFAULT_USER,
    api_app_id: FAKE_WORKSPACE.appId,
    token: FAKE_WORKSPACE.verificationToken,
    team: team ?? DEFAULT_TEAM,
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** The view object inside a payload: the stored view with Slack's defaults and the user's state. */
export function payloadView(view: ViewLike, values: StateValues = {}): Json {
  return {
    team_id: FAKE_WORKSPACE.teamId,
    type: 'modal',
    private_metadata: '',
    callback_id: '',
    hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    title: { type: 'plain_text', text: 'Modal', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: view.id,
    app_id: FAKE_WORKSPACE.appId,
    external_id: '',
    app_installed_team_id: FAKE_WORKSPACE.teamId,
    bot_id: FAKE_WORKSPACE.botId,
    ...structuredClone(view),
    state: { values: structuredClone(values) },
  };
}

export interface SlashCommandFields {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  trigger_id?: string;
  response_url?: string;
  [field: string]: string | undefined;
}

/** The fields of a slash command request, in the order Slack sends them. */
export function slashCommandBody(overrides: SlashCommandFields = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    token: FAKE_WORKSPACE.verificationToken,
    team_id: FAKE_WORKSPACE.teamId,
    team_domain: FAKE_WORKSPACE.teamDomain,
    channel_id: FAKE_CHANNEL.id,
    channel_name: FAKE_CHANNEL.name,
    user_id: FAKE_USER.id,
    user_name: FAKE_USER.name,
    command: '/status-update',
    text: '',
    api_app_id: FAKE_WORKSPACE.appId,
    is_enterprise_install: 'false',
    response_url: UNSET_RESPONSE_URL,
    trigger_id: unknownTriggerId(),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface ViewSubmissionInput {
  view: ViewLike;
  values?: StateValues;
  user?: PayloadUser;
  team?: PayloadTeam;
  trigger_id?: string;
  /** Present only when the modal has an input with `response_url_enabled`. */
  response_urls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Json {
  return {
    type: 'view_submission',
    ...envelope(input.user, input.team),
    trigger_id: input.trigger_id ?? unknownTriggerId(),
    view: payloadView(input.view, input.values),
    response_urls: input.response_urls ?? [],
  };
}

export interface ViewClosedInput {
  view: ViewLike;
  values?: StateValues;
  user?: PayloadUser;
  team?: PayloadTeam;
  /** True when the whole stack was closed at once. */
  is_cleared?: boolean;
}

export function viewClosedPayload(input: ViewClosedInput): Json {
  return {
    type: 'view_closed',
    ...envelope(input.user, input.team),
    view: payloadView(input.view, input.values),
    is_cleared: input.is_cleared ?? false,
  };
}

export interface BlockActionInput {
  action_id: string;
  block_id: string;
  type: string;
  action_ts?: string;
  [field: string]: unknown;
}

export interface BlockActionsInput {
  /** The modal the action happened in; leave out for an action on a message (then give `message`). */
  view?: ViewLike;
  values?: StateValues;
  action: BlockActionInput;
  user?: PayloadUser;
  team?: PayloadTeam;
  trigger_id?: string;
  /** For actions on messages. */
  message?: Json & { ts: string };
  channel?: { id: string; name: string };
  response_url?: string;
}

/** Modal actions carry the view (with its state) and no response_url; message actions carry the message, channel and a response_url. */
export function blockActionsPayload(input: BlockActionsInput): Json {
  const action = { action_ts: actionTs(), ...input.action };
  const common = { type: 'block_actions', ...envelope(input.user, input.team), trigger_id: input.trigger_id ?? unknownTriggerId() };
  if (input.view !== undefined) {
    return {
      ...common,
      container: { type: 'view', view_id: input.view.id },
      view: payloadView(input.view, input.values),
      actions: [action],
    };
  }
  if (input.message === undefined) throw new Error('blockActionsPayload: give either view or message');
  const channel = input.channel ?? { id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name };
  return {
    ...common,
    container: { type: 'message', message_ts: input.message.ts, channel_id: channel.id, is_ephemeral: false },
    channel,
    message: input.message,
    state: { values: input.values ?? {} },
    response_url: input.response_url ?? UNSET_RESPONSE_URL,
    actions: [action],
  };
}

/**
 * The action a user's pick on an element of `view` produces (selected_option with the view's own
 * option text, a button's value…). `actionId` may be left out when the block has one element.
 */
export function actionFromView(view: ViewWithBlocks, blockId: string, pick: Pick, actionId?: string): BlockActionInput {
  const element = findElement(view, blockId, actionId);
  const base = { type: String(element.type), block_id: blockId, action_id: String(element.action_id) };
  if (element.type === 'button') {
    return { ...base, text: element.text, ...(element.value === undefined ? {} : { value: element.value }) };
  }
  const { type: _type, ...selection } = stateValueFromPick(element, pick, `actionFromView: block "${blockId}"`);
  return { ...base, ...selection };
}

export interface BlockSuggestionInput {
  view: ViewLike;
  block_id: string;
  /** Defaults to the action_id of the block's external select. */
  action_id?: string;
  /** What the user has typed so far. */
  value: string;
  values?: StateValues;
  user?: PayloadUser;
  team?: PayloadTeam;
}

/** The options request an external select sends as the user types. Throws unless the element really is an external select. */
export function blockSuggestionPayload(input: BlockSuggestionInput): Json {
  const element = findElement(input.view, input.block_id, input.action_id);
  if (element.type !== 'external_select' && element.type !== 'multi_external_select') {
    throw new Error(`blockSuggestionPayload: block "${input.block_id}" holds a ${String(element.type)}, which never asks for options`);
  }
  return {
    type: 'block_suggestion',
    ...envelope(input.user, input.team),
    container: { type: 'view', view_id: input.view.id },
    action_id: String(element.action_id),
    block_id: input.block_id,
    value: input.value,
    view: payloadView(input.view, input.values),
  };
}

/** An `app_home_opened` event as Slack delivers it over HTTP (sign it with the requester's `raw`, JSON). */
export function appHomeOpenedEvent(input: { userId: string; channelId?: string; tab?: 'home' | 'messages' }): Json {
  return {
    token: 'unused',
    team_id: DEFAULT_TEAM.id,
    api_app_id: FAKE_WORKSPACE.appId,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_home_opened',
      user: input.userId,
      channel: input.channelId ?? 'D0HERALDDM1',
      tab: input.tab ?? 'home',
      event_ts: (Date.now() / 1000).toFixed(6),
    },
  };
}

export interface MessageShortcutInput {
  callback_id: string;
  trigger_id: string;
  response_url: string;
  channel: { id: string; name: string };
  /** The message the shortcut was used on, with its text as Slack sends it (`&`, `<`, `>` escaped). */
  message: { ts: string; text: string; user?: string };
  user?: PayloadUser;
  team?: PayloadTeam;
}

/** A message shortcut (`message_action`) as Slack sends it when someone picks it on a message. */
export function messageShortcutPayload(input: MessageShortcutInput): Json {
  return {
    type: 'message_action',
    ...envelope(input.user, input.team),
    callback_id: input.callback_id,
    trigger_id: input.trigger_id,
    response_url: input.response_url,
    action_ts: actionTs(),
    message_ts: input.message.ts,
    channel: input.channel,
    message: { type: 'message', user: input.message.user ?? 'U0SOMEONE1', ...input.message },
  };
}
