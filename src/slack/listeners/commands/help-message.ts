import { escapeMrkdwn, quotable } from '../../../slack-kit/mrkdwn.js';

/** Short usage for `/status-update help` and for words Herald does not know. */
export function buildHelpMessage(command: string, unknownWord?: string): { text: string } {
  const lines = [
    unknownWord
      ? `Herald does not know \`${escapeMrkdwn(quotable(unknownWord))}\`. Here is what it can do:`
      : '*Herald* posts status-page updates from this channel.',
    `• \`${command}\` opens the form: pick the status page and incident, write what is happening, choose the status, severity and affected services, and publish. The update appears on the status page and in this channel. In a linked channel the incident is already chosen: with several pages linked, the one Herald last sent an update to (the first linked when there is none yet).`,
    `• \`${command} link\` links this channel to an incident, one per status page (a public and an internal page, say): an update to one linked incident is offered to the others too, each in its own page's statuses. Linking another incident on the same page replaces that page's link. The form also offers "Remember this incident for this channel".`,
    `• \`${command} unlink\` removes the link; with several pages linked it asks which one, and \`${command} unlink all\` removes them all.`,
    `• \`${command} timeline\` shows each linked incident's updates, one status page after another, newest first (only you see it).`,
    `• \`${command} templates\` lists the workspace's update templates, to add, edit or delete them (for those who may publish).`,
    `• \`${command} help\` shows this message.`,
    'When an update sets "Next update in", Herald reminds the channel when that time comes, unless a newer update was posted.',
  ];
  return { text: lines.join('\n') };
}
