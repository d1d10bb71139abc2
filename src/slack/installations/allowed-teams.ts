import type { InstallationOwner } from '../../store/installation-store.js';

// Which workspaces this Herald serves (HERALD_ALLOWED_TEAMS). With public distribution on, anyone can reach
// /slack/install; without this list a stranger's workspace could install Herald and publish with the operator's
// status-page tokens. Checked twice: after Slack's code exchange (nothing is stored for another team) and on
// every use of a stored installation (a team taken off the list stops being served at the next restart).

export interface AllowedTeams {
  allows(owner: InstallationOwner): boolean;
}

export function allowedTeams(setting: 'any' | readonly string[]): AllowedTeams {
  // Org-wide installs (Enterprise Grid) are never served, whatever the list: the manifest is org-ready only because
  // Slack requires it for Workflow Builder steps, and Herald's tokens, notices and links are kept per workspace
  // (docs/workflow-steps.md).
  if (setting === 'any') return { allows: (owner) => !owner.isEnterpriseInstall };
  const ids = new Set(setting);
  return { allows: (owner) => !owner.isEnterpriseInstall && owner.teamId !== null && ids.has(owner.teamId) };
}

/** The installing admin's answer when their workspace is not on the list: what happened, and who can change it. */
export function notAllowedExplanation(teamName: string): string {
  return `This Herald only serves the workspaces its operator chose, and ${teamName} is not one of them, so nothing was installed. Ask whoever runs this Herald to add the workspace to HERALD_ALLOWED_TEAMS, then install again.`;
}

/** What people in a workspace that is not (or no longer) on the list are told when they use Herald. */
export function notAllowedMessage(): string {
  return 'This Herald only serves the workspaces its operator chose, and this workspace is not (or no longer) one of them, so it cannot do this. Ask whoever runs Herald to add this workspace (HERALD_ALLOWED_TEAMS).';
}
