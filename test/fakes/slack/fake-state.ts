import { FAKE_USER, FAKE_WORKSPACE } from './workspace.js';

// What the fake Slack knows: channels, users, open views and posted messages.

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  botIsMember: boolean;
}

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  tz?: string;
  isBot?: boolean;
}

/** A view as Slack holds it: what the app sent plus id, hash, state and stack fields. */
export interface StoredView {
  id: string;
  hash: string;
  team_id: string;
  type: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  title: Record<string, unknown>;
  submit: Record<string, unknown> | null;
  close: Record<string, unknown> | null;
  blocks: Record<string, unknown>[];
  state: { values: Record<string, Record<string, unknown>> };
  root_view_id: string;
  previous_view_id: string | null;
  clear_on_close: boolean;
  notify_on_close: boolean;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  [key: string]: unknown;
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  pinned: boolean;
  edited?: { user: string; ts: string };
  [key: string]: unknown;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown[];
}

/** A Slack user group ("@sre"): its members can be named in HERALD_PUBLISHERS. */
export interface FakeUsergroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
  /** Disabled groups are left out unless asked for, as Slack does. */
  disabled?: boolean;
}

export interface Violation {
  method: string;
  error: string;
  messages: string[];
  at: number;
}

export class FakeState {
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, FakeUser>();
  readonly views = new Map<string, StoredView>();
  readonly messages = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly violations: Violation[] = [];
  /** User groups by id (usergroups.list, usergroups.users.list). */
  readonly usergroups = new Map<string, FakeUsergroup>();
  /** Each user's Home tab as the app last published it (views.publish), by user id. */
  readonly homeViews = new Map<string, StoredView>();
  /** The app's manifest has `app_home.home_tab_enabled`; false: views.publish answers `not_enabled`. */
  homeTabEnabled = true;

  /** `maxOpenViews`: how many views are kept at most; beyond it the longest-kept is forgotten (see FakeSlackOptions). */
  constructor(private readonly maxOpenViews = Number.POSITIVE_INFINITY) {
    this.seed();
  }

  /** Stores a view as open (opened, updated or pushed). */
  keepView(view: StoredView): void {
    this.views.set(view.id, view);
    if (this.views.size <= this.maxOpenViews) return;
    const oldest = this.views.keys().next().value;
    if (oldest !== undefined) this.views.delete(oldest);
  }

  private seed(): void {
    this.users.set(FAKE_USER.id, { ...FAKE_USER });
    this.users.set(FAKE_WORKSPACE.botUserId, { id: FAKE_WORKSPACE.botUserId, name: FAKE_WORKSPACE.botName, isBot: true });
  }

  /** Accepts an id (`C…`) or a name with or without `#`, as chat.postMessage does. */
  findChannel(ref: unknown): FakeChannel | undefined {
    if (typeof ref !== 'string') return undefined;
    const byId = this.channels.get(ref);
    if (byId !== undefined) return byId;
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  findMessage(channelId: string, ts: unknown): StoredMessage | undefined {
    return this.messagesIn(channelId).find((message) => message.ts === ts);
  }

  viewByExternalId(externalId: string): StoredView | undefined {
    return [...this.views.values()].find((view) => view.external_id === externalId && externalId !== '');
  }

  /** Forgets what happened (views, messages, violations) but keeps the configured channels and users. */
  clearActivity(): void {
    this.views.clear();
    this.homeViews.clear();
    this.messages.clear();
    this.ephemerals.length = 0;
    this.violations.length = 0;
  }
}
