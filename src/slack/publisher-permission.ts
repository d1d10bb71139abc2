import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/logger.js';
import { slackErrorCode } from './slack-error.js';

// Who may publish (HERALD_PUBLISHERS). Unset: anyone who can type the command in the channel. Set: only
// members of the named Slack user groups. Slack knows groups by id, so handles are resolved with
// usergroups.list (which changes rarely: cached for minutes) and members read with usergroups.users.list
// (cached briefly, so someone just added to a group can publish soon after). When Slack cannot say, the
// answer is no: publishing to customers is not something to allow by accident.

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
  // Promises are cached, so a burst of commands shares one request; a failed one is dropped at once.
  const groupIds = new LRUCache<string, Promise<GroupIds>>({ max: 100, ttl: options.groupsTtlMs ?? 5 * 60_000 });
  const members = new LRUCache<string, Promise<Set<string>>>({ max: 1000, ttl: options.membersTtlMs ?? 30_000 });
  const reportedUnknown = new Set<string>();

  function cached<T>(cache: LRUCache<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit) return hit;
    const loading = load();
    cache.set(key, loading);
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key);
    });
    return loading;
  }

  const loadGroupIds = (client: WebClient, team: string) =>
    cached(groupIds, team, async () => {
      const answer = await client.usergroups.list({ include_disabled: false });
      return groupIdsByHandle(answer.usergroups ?? [], handles);
    });

  const loadMembers = (client: WebClient, team: string, groupId: string) =>
    cached(members, `${team}:${groupId}`, async () => {
      const answer = await client.usergroups.users.list({ usergroup: groupId, include_disabled: false });
      return new Set(answer.users ?? []);
    });

  function reportUnknown(team: string, unknown: string[]): void {
    const fresh = unknown.filter((handle) => !reportedUnknown.has(`${team}:${handle}`));
    if (fresh.length === 0) return;
    for (const handle of fresh) reportedUnknown.add(`${team}:${handle}`);
    logger.warn({ teamId: team, handles: fresh }, 'HERALD_PUBLISHERS names user groups this Slack workspace does not have; fix HERALD_PUBLISHERS');
  }

  return {
    async check(client, teamId, userId) {
      const team = teamId ?? '';
      try {
        const ids = await loadGroupIds(client, team);
        const unknown = handles.filter((handle) => !ids.has(handle));
        if (unknown.length > 0) reportUnknown(team, unknown);
        if (ids.size === 0) return { allowed: false, reason: 'unknown-groups', message: unknownGroupsMessage(handles) };
        const memberships = await Promise.all([...ids.values()].map((id) => loadMembers(client, team, id)));
        if (memberships.some((users) => users.has(userId))) return { allowed: true };
        return { allowed: false, reason: 'not-a-member', message: notAMemberMessage([...ids.keys()]) };
      } catch (error) {
        const code = slackErrorCode(error);
        logger.warn({ slackError: code, teamId: team }, 'could not check HERALD_PUBLISHERS with Slack; refusing to publish');
        return { allowed: false, reason: 'slack-error', message: slackErrorMessage(code) };
      }
    },
  };
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
