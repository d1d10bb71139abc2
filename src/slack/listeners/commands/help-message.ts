import { escapeMrkdwn, quotable } from '../../../slack-kit/mrkdwn.js';

// `/status-update help`, and the answer to a word Herald does not know: one short line per command, so it reads
// at a glance; the form and the other views explain themselves once opened.

/** Short usage for `/status-update help` and for words Herald does not know. */
export function buildHelpMessage(command: string, unknownWord?: string): { text: string } {
  const lines = [
    `• \`${command}\` posts an update to this channel's incident on the status page`,
    `• \`${command} new\` opens a new incident (\`new maintenance\` for a maintenance)`,
    `• \`${command} link\` / \`unlink\` links this channel to an incident, or unlinks it`,
    `• \`${command} timeline\` shows the linked incident's updates, only to you`,
    `• \`${command} templates\` manages the workspace's update templates`,
    `• \`${command} announce\` picks other channels that hear of each update`,
    `• \`${command} help\` shows this list`,
  ];
  if (unknownWord) lines.unshift(`Herald does not know \`${escapeMrkdwn(quotable(unknownWord))}\`. It knows:`);
  return { text: lines.join('\n') };
}
