import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FAKE_USER, type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { slackError } from '../support/slack-errors.js';

// The fake's views.publish refuses what Slack refuses, so the Home tab tests cannot pass on a view Slack would not show.

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('fake Slack: views.publish', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterAll(async () => fake.close());

  it('keeps a valid home view for the user, under one id across publishes', async () => {
    const first = await client.views.publish({ user_id: FAKE_USER.id, view: { type: 'home', blocks: [section('one')] } });
    const second = await client.views.publish({ user_id: FAKE_USER.id, view: { type: 'home', blocks: [section('two')] } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeViewOf(FAKE_USER.id)?.blocks).toEqual([section('two')]);
  });

  it('refuses more than 100 blocks, a view that is not a home view, and a missing or unknown user', async () => {
    const blocks = Array.from({ length: 101 }, (_, i) => section(`item ${i}`));
    expect(await slackError(client.views.publish({ user_id: FAKE_USER.id, view: { type: 'home', blocks } as never }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(client.views.publish({ user_id: FAKE_USER.id, view: { type: 'modal', blocks: [] } as never }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(client.apiCall('views.publish', { view: { type: 'home', blocks: [] } }))).toBe('invalid_arguments');
    expect(await slackError(client.views.publish({ user_id: 'U0NOBODY', view: { type: 'home', blocks: [] } }))).toBe('invalid_arguments');
  });

  it('refuses a view over 250 kB, and answers not_enabled when the Home tab is off', async () => {
    const blocks = Array.from({ length: 90 }, () => section('x'.repeat(2_990)));
    expect(await slackError(client.views.publish({ user_id: FAKE_USER.id, view: { type: 'home', blocks } as never }))).toBe(
      'view_too_large',
    );
    fake.setHomeTabEnabled(false);
    expect(await slackError(client.views.publish({ user_id: FAKE_USER.id, view: { type: 'home', blocks: [] } }))).toBe('not_enabled');
    fake.setHomeTabEnabled(true);
  });
});
