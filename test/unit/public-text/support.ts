import { checkPublicText, type PublicTextCheckInput } from '../../../src/updates/public-text/check-public-text.js';

/** A plain update with nothing to find: each test changes the one thing it is about. */
type Overrides = Partial<Omit<PublicTextCheckInput, 'change'>> & { change?: Partial<PublicTextCheckInput['change']> };

export function input(overrides: Overrides = {}): PublicTextCheckInput {
  return {
    title: overrides.title ?? null,
    message: overrides.message ?? 'We are investigating slow checkouts and will update within 30 minutes.',
    previousText: overrides.previousText ?? null,
    change: {
      statusBefore: null,
      statusAfter: { id: 'investigating', label: 'Investigating' },
      componentsStillImpacted: [],
      notifySubscribers: true,
      severity: null,
      ...overrides.change,
    },
  };
}

export function kindsFor(overrides: Overrides, patterns: RegExp[] = []): string[] {
  return checkPublicText(input(overrides), { internalPatterns: patterns }).map((finding) => finding.kind);
}

/** A Slack bot token of the right shape, made up. */
export const FAKE_SLACK_TOKEN = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
