// The one workspace every fake and payload builder agrees on, so a payload built by a test
// names the same team, app and bot that the fake Slack answers for.
export const FAKE_WORKSPACE = {
  teamId: 'T0HERALD01',
  teamDomain: 'herald-test',
  teamName: 'Herald Test',
  appId: 'A0HERALD01',
  botUserId: 'U0HERALDBOT',
  botId: 'B0HERALD01',
  botName: 'herald',
  /** The deprecated verification token Slack still puts in every payload. */
  verificationToken: 'verification-token-unused',
} as const;

export const FAKE_USER = {
  id: 'U0RESPOND1',
  name: 'responder',
  realName: 'Riley Responder',
  tz: 'Europe/Berlin',
} as const;

export const FAKE_CHANNEL = {
  id: 'C0INCIDENT1',
  name: 'inc-2024-checkout-down',
} as const;
