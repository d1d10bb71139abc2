import { escapeMrkdwn } from '../mrkdwn.js';

/** Short usage for `/status-update help` and for words Herald does not know. */
export function buildHelpMessage(command: string, unknownWord?: string): { text: string } {
  const lines = [
    unknownWord ? `Herald does not know \`${escapeMrkdwn(unknownWord)}\`. Here is what it can do:` : '*Herald* posts status-page updates from this channel.',
    `• \`${command}\` opens the form: pick the status page and incident, write what is happening, choose the status, severity and affected services, and publish. The update appears on the status page and in this channel. In a linked channel the incident is already chosen.`,
    `• \`${command} link\` links this channel to an incident; \`${command} unlink\` removes the link.`,
    `• \`${command} timeline\` shows the linked incident's updates, newest first (only you see it).`,
    `• \`${command} help\` shows this message.`,
    'When an update sets "Next update in", Herald reminds the channel when that time comes, unless a newer update was posted.',
  ];
  return { text: lines.join('\n') };
}
