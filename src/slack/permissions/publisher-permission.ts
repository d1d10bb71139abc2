import { LogLevel, WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../observability/logger.js';
import { RefreshingCache } from './refreshing-cache.js';
import { slackErrorCode } from '../../slack-kit/slack-error.js';
import { slackFetch } from '../http/slack-http-transport.js';

// Who may publish (HERALD_PUBLISHERS). Unset: anyone who can type the command in the channel. Set: only
// members of the named Slack user groups. Slack knows groups by id, so handles are resolved with
// usergroups.list (which changes rarely: cached for minutes) and members read with usergroups.users.list
// (cached briefly, so someone just added to a group can publish soon after). When Slack cannot say, the
// answer is no: publishing to customers is not something to allow by accident.
//
// The check runs before the command and the form submission are answered, and Slack gives those 3 s.
// So its Slack calls never retry or wait out a rate limit, and the whole check has `budgetMs`; past
// their freshness, answers are still used while they are asked for again in the background, so a
// workspace asked about before never waits for Slack (only its first check, or one after an hour).

export type PublishPermission =
  | { allowed: true }
  | { allowed: false; reason: 'not-a-member' | 'unknown-groups' | 'slack-error'; message: string };

export interface PublisherCheckOptions {
  /** Handles, lower case, without "@" (as config.ts reads them). Empty: everyone may publish. */
  handles: string[];
  logger: Logger;
  /** How long handle → id answers are kept. Default 5 minutes. */
  groupsTtlMs?: number;
  /** How long a group's members are kept. Default 30 seconds. */
  membersTtlMs?: number;
  /** How long a stale answer may still be used while a fresh one is asked for. Default 1 hour. */
  staleMs?: number;
  /** The most a check may wait for Slack, all calls together. Default 1.5 seconds. */
  budgetMs?: number;
  /** The client the checks call Slack with, made from the requesting workspace's. Default: see checkClientFor. */
  checkClient?: (client: WebClient) => WebClient;
  now?: () => number;
}

export interface PublisherCheck {
  /** Whether `userId` may publish; the Slack calls use `client`, the requesting workspace's own. */
  check(client: WebClient, teamId: string | null, userId: string): Promise<PublishPermission>;
}

/** Handle → usergroup id, for the handles found in the workspace. */
type GroupIds = Map<string, string>;

export function createPublisherCheck(options: PublisherCheckOptions): PublisherCheck {
  const { handles, logger } = options;
  if (handles.length === 0) return { check: async () => ({ allowed: true }) };
  const budgetMs = options.budgetMs ?? 1_500;
  const checkClient = options.checkClient ?? ((client: WebClient) => checkClientFor(client));
  const keepMs = options.staleMs ?? 60 * 60_000;
  const onRefreshError = (key: string, error: unknown) =>
    logger.warn(
      { slackError: slackErrorCode(error), teamId: key.split(':')[0] },
      'could not refresh HERALD_PUBLISHERS from Slack; using its last answer',
    );
  // A burst of commands shares one request; a failed one is not remembered.
  const common = { keepMs, onRefreshError, ...(options.now ? { now: options.now } : {}) };
  const groupIds = new RefreshingCache<GroupIds>({ max: 100, freshMs: options.groupsTtlMs ?? 5 * 60_000, ...common });
  const members = new RefreshingCache<Set<string>>({ max: 1000, freshMs: options.membersTtlMs ?? 30_000, ...common });
  const reportedUnknown = new Set<string>();

  const loadGroupIds = (client: WebClient, team: string) =>
    groupIds.get(team, async () => {
      const answer = await client.usergroups.list({ include_disabled: false });
      return groupIdsByHandle(answer.usergroups ?? [], handles);
    });

  const loadMembers = (client: WebClient, team: string, groupId: string) =>
    members.get(`${team}:${groupId}`, async () => {
      const answer = await client.usergroups.users.list({ usergroup: groupId, include_disabled: false });
      return new Set(answer.users ?? []);
    });

  function reportUnknown(team: string, unknown: string[]): void {
    const fresh = unknown.filter((handle) => !reportedUnknown.has(`${team}:${handle}`));
    if (fresh.length === 0) return;
    for (const handle of fresh) reportedUnknown.add(`${team}:${handle}`);
    logger.warn(
      { teamId: team, handles: fresh },
      'HERALD_PUBLISHERS names user groups this Slack workspace does not have; fix HERALD_PUBLISHERS',
    );
  }

  return {
    async check(requestClient, teamId, userId) {
      const team = teamId ?? '';
      const client = checkClient(requestClient);
      const decide = async (): Promise<PublishPermission> => {
        const ids = await loadGroupIds(client, team);
        const unknown = handles.filter((handle) => !ids.has(handle));
        if (unknown.length > 0) reportUnknown(team, unknown);
        if (ids.size === 0) return { allowed: false, reason: 'unknown-groups', message: unknownGroupsMessage(handles) };
        const memberships = await Promise.all([...ids.values()].map((id) => loadMembers(client, team, id)));
        if (memberships.some((users) => users.has(userId))) return { allowed: true };
        return { allowed: false, reason: 'not-a-member', message: notAMemberMessage([...ids.keys()]) };
      };
      try {
        // Past the budget the calls go on: their answers are kept for the next check.
        return await withinBudget(decide(), budgetMs);
      } catch (error) {
        const code = slackErrorCode(error);
        logger.warn({ slackError: code, teamId: team }, 'could not check HERALD_PUBLISHERS with Slack; refusing to publish');
        return { allowed: false, reason: 'slack-error', message: slackErrorMessage(code) };
      }
    },
  };
}

const checkClients = new LRUCache<string, WebClient>({ max: 500 });

/**
 * A client for the checks with the requesting workspace's token: no retries, and a rate limit is a
 * failure rather than a wait (the default client would sleep out Retry-After, and pause its queue).
 * A call may outlast the check's budget (the check does not wait for it) so that a slow Slack's
 * answer still arrives for the next check, but not for ever. One per token, as they are reused.
 */
export function checkClientFor(client: WebClient, callTimeoutMs = 10_000): WebClient {
  const key = `${client.slackApiUrl}\n${client.token ?? ''}`;
  let checker = checkClients.get(key);
  if (!checker) {
    checker = new WebClient(client.token, {
      slackApiUrl: client.slackApiUrl,
      fetch: slackFetch,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: callTimeoutMs,
      logLevel: LogLevel.ERROR,
    });
    checkClients.set(key, checker);
  }
  return checker;
}

const OUT_OF_TIME = 'herald_check_timeout';

function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`Slack did not answer within ${budgetMs} ms`), { code: OUT_OF_TIME })),
      budgetMs,
    );
  });
  return Promise.race([work, outOfTime]).finally(() => clearTimeout(timer));
}

/** Slack's answer, reduced to the handles asked about. Handles are compared in lower case, as Slack keeps them unique. */
export function groupIdsByHandle(groups: { id?: string; handle?: string; date_delete?: number }[], handles: string[]): GroupIds {
  const wanted = new Set(handles);
  const ids: GroupIds = new Map();
  for (const group of groups) {
    const handle = group.handle?.toLowerCase();
    if (!group.id || !handle || !wanted.has(handle) || (group.date_delete ?? 0) > 0) continue;
    ids.set(handle, group.id);
  }
  return ids;
}

/** "@a", "@a or @b", "@a, @b or @c". */
export function listHandles(handles: string[]): string {
  const named = handles.map((handle) => `@${handle}`);
  return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} or ${named.at(-1)!}`;
}

export function notAMemberMessage(handles: string[]): string {
  return `Only members of ${listHandles(handles)} can publish status updates. Ask one of them, or ask an admin to add you.`;
}

function unknownGroupsMessage(handles: string[]): string {
  return `Nobody can publish status updates yet: HERALD_PUBLISHERS names ${listHandles(handles)}, and this Slack workspace has no such user group. Ask the admin who runs Herald to fix HERALD_PUBLISHERS.`;
}

function slackErrorMessage(code: string): string {
  if (code === 'missing_scope') {
    return 'Herald cannot check who may publish: its Slack app lacks the usergroups:read permission. Ask a Slack admin to reinstall Herald with usergroups:read (see manifest.yml). Nothing was published.';
  }
  if (code === OUT_OF_TIME) {
    return 'Herald cannot check who may publish: Slack did not answer about user groups in time. Nothing was published; try again in a moment.';
  }
  return `Herald cannot check who may publish: Slack did not answer about user groups (${code}). Nothing was published; try again in a moment.`;
}

/** What to tell `userId` instead of letting them publish, or null when they may (or nobody is restricted). */
export async function publishRefusal(
  check: PublisherCheck | undefined,
  client: WebClient,
  teamId: string | null,
  userId: string,
): Promise<string | null> {
  if (!check) return null;
  const permission = await check.check(client, teamId, userId);
  return permission.allowed ? null : permission.message;
}
