import { FAKE_USER, FAKE_WORKSPACE } from '../fakes/fake-slack.js';

// What the request fuzz tests share: how many bodies, the seed that replays them, how soon Herald must answer,
// and the envelope Slack puts around every interactive payload.

export type Json = Record<string, unknown>;

export const FORM = 'application/x-www-form-urlencoded';
/** Slack gives up on an answer after 3 s. */
export const ANSWER_WITHIN_MS = 3000;
export const RUNS = Number(process.env.HERALD_FUZZ_RUNS ?? 150);
/** HERALD_FUZZ_SEED=<seed> runs the same bodies again. */
export const seed = process.env.HERALD_FUZZ_SEED ? Number(process.env.HERALD_FUZZ_SEED) : Date.now() % 2 ** 31;

/** The envelope Slack puts around every interactive payload. */
export const envelope = (): Json => ({
  user: { id: FAKE_USER.id, username: FAKE_USER.name, name: FAKE_USER.name, team_id: FAKE_WORKSPACE.teamId },
  api_app_id: FAKE_WORKSPACE.appId,
  token: FAKE_WORKSPACE.verificationToken,
  team: { id: FAKE_WORKSPACE.teamId, domain: FAKE_WORKSPACE.teamDomain },
  enterprise: null,
  is_enterprise_install: false,
  trigger_id: '12345.98765.abcdef',
});
