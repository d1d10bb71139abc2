import type { FakeUsergroup } from './fake-state.js';
import { fail, type MethodHandler, requireScope } from './method-context.js';
import { FAKE_WORKSPACE } from './workspace.js';

// usergroups.list and usergroups.users.list, as Slack answers them: both need usergroups:read, disabled
// groups are left out unless include_disabled is set, and an unknown group id is `no_such_subteam`.

const truthy = (value: unknown) => value === true || value === 'true' || value === '1' || value === 1;

function toSlackUsergroup(group: FakeUsergroup, withUsers: boolean): Record<string, unknown> {
  return {
    id: group.id,
    team_id: FAKE_WORKSPACE.teamId,
    is_usergroup: true,
    name: group.name,
    description: '',
    handle: group.handle,
    is_external: false,
    date_create: 1_700_000_000,
    date_update: 1_700_000_000,
    date_delete: group.disabled ? 1_700_000_100 : 0,
    auto_type: null,
    created_by: 'U0ADMIN001',
    updated_by: 'U0ADMIN001',
    deleted_by: null,
    prefs: { channels: [], groups: [] },
    user_count: group.users.length,
    ...(withUsers ? { users: [...group.users] } : {}),
  };
}

export const usergroupsList: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'usergroups:read');
  if (missing !== undefined) return missing;
  const groups = [...ctx.state.usergroups.values()].filter((group) => !group.disabled || truthy(args.include_disabled));
  return { ok: true, usergroups: groups.map((group) => toSlackUsergroup(group, truthy(args.include_users))) };
};

export const usergroupsUsersList: MethodHandler = (args, ctx) => {
  const missing = requireScope(ctx, 'usergroups:read');
  if (missing !== undefined) return missing;
  if (typeof args.usergroup !== 'string' || args.usergroup === '') return fail('invalid_arguments');
  const group = ctx.state.usergroups.get(args.usergroup);
  if (group === undefined) return fail('no_such_subteam');
  if (group.disabled && !truthy(args.include_disabled)) return fail('no_such_subteam');
  return { ok: true, users: [...group.users] };
};
