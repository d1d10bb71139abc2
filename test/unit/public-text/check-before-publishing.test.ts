import { createLogger } from '../../../src/observability/logger.js';
import { checkBeforePublishing } from '../../../src/submitting/check-before-publishing.js';
import type { Submission } from '../../../src/updates/submission.js';
import { draft } from '../../support/store-fixtures.js';

// The submit's step: publish, stop, or publish anyway over exactly the findings the user saw.

const logger = createLogger('silent');
const plain = draft({ message: 'We found the cause and are rolling back the deploy now.', severity: null });
const noContext = { componentsStillImpacted: [], publishAnywayOver: null };

function channelsWith(previous: Partial<Submission> | null | Error) {
  return {
    latestPublished: async () => {
      if (previous instanceof Error) throw previous;
      return previous as Submission | null;
    },
  };
}

describe('checkBeforePublishing', () => {
  it('publishes what has nothing to find', async () => {
    expect(await checkBeforePublishing({ channels: channelsWith(null), logger }, { key: 'K1', draft: plain }, noContext)).toEqual({
      decision: 'publish',
    });
  });

  it('stops on findings, and publishes anyway only over the kinds the user saw', async () => {
    const deps = { channels: channelsWith(null), logger };
    const text = { key: 'K1', draft: { ...plain, message: 'Rolling back on deploy-1.corp now, thanks <@U1>.' } };
    const stopped = await checkBeforePublishing(deps, text, noContext);
    expect(stopped).toMatchObject({ decision: 'stop', canPublishAnyway: true });
    expect(
      await checkBeforePublishing(deps, text, { ...noContext, publishAnywayOver: ['internal-hostname', 'slack-syntax'] }),
    ).toMatchObject({
      decision: 'publish-anyway',
    });
    expect(await checkBeforePublishing(deps, text, { ...noContext, publishAnywayOver: ['internal-hostname'] })).toMatchObject({
      decision: 'stop',
    });
  });

  it('never publishes a secret anyway', async () => {
    const secret = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
    const decision = await checkBeforePublishing(
      { channels: channelsWith(null), logger },
      { key: 'K1', draft: { ...plain, message: `Rotated ${secret} just now.` } },
      { ...noContext, publishAnywayOver: ['secret'] },
    );
    expect(decision).toMatchObject({ decision: 'stop', canPublishAnyway: false });
  });

  it('compares with the previous update, and lets a replay of a stored submit through', async () => {
    const previous = { key: 'K0', draft: { ...plain, status: { id: 'monitoring', label: 'Monitoring' } } };
    const deps = { channels: channelsWith(previous), logger };
    const again = await checkBeforePublishing(deps, { key: 'K1', draft: plain }, noContext);
    expect(again.decision === 'stop' && again.findings.map((f) => f.kind)).toEqual(['status-backwards', 'same-as-last-update']);
    expect(await checkBeforePublishing(deps, { key: 'K0', draft: plain }, noContext)).toEqual({ decision: 'publish' });
  });

  it('checks without the previous update when the store cannot be read', async () => {
    const decision = await checkBeforePublishing(
      { channels: channelsWith(new Error('down')), logger },
      { key: 'K1', draft: plain },
      noContext,
    );
    expect(decision).toEqual({ decision: 'publish' });
  });
});
