import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { choosePost, openUpdateForm, submitForm, waitForResultView } from '../support/update-form-driver.js';
import { findingsText, publishAnywayBox, submitAsShown } from '../support/public-text-driver.js';
import { type Pick, valuesFromView, viewSubmissionPayload } from '../support/slack-payloads.js';
import { FAKE_USER } from '../fakes/slack/workspace.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// The check before publishing, over signed HTTP against the real app: each finding stops the submit with the
// same form, everything typed kept, the findings under the message; "Publish anyway" publishes and is kept in
// the audit trail with who ticked it; a secret stops it with no way round, and is never repeated anywhere.

/** A Slack bot token of the right shape, made up. */
const SECRET = ['xoxb', '918273645011', '2233445566778', 'QwErTyUiOpAsDfGhJkLzXcVb'].join('-');

describe('the check before publishing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ internalPatterns: 'PROJ-\\d+', maxUpdatesPerMinute: 0 });
  });
  afterAll(async () => {
    await h.close();
  });

  async function openForm(): Promise<StoredView> {
    return choosePost(h, await openUpdateForm(h), `incident:${h.pagerduty.seed!.incidentPostId}`);
  }

  function picks(message: string, more: Record<string, Pick> = {}): Record<string, Pick> {
    const seed = h.pagerduty.seed!;
    return {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
      [FORM_BLOCKS.message]: message,
      ...more,
    };
  }

  const postsSent = () => h.pagerduty.calls.filter((call) => call.method === 'POST').length;
  const messageOf = (view: StoredView) =>
    (view.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === FORM_BLOCKS.message)?.element
      ?.initial_value;

  /** Submits `message` with `more`, expecting the form back with findings; returns it. */
  async function expectFindings(message: string, more: Record<string, Pick> = {}): Promise<StoredView> {
    const before = postsSent();
    const view = await openForm();
    const ack = await submitForm(h, view, picks(message, more));
    expect(ack.response_action).toBe('update');
    const shown = h.slack.getView(view.id)!;
    expect(findingsText(shown)).toBeDefined();
    // Everything typed is kept: the message, and the picks, in the same blocks.
    expect(messageOf(shown)).toBe(message);
    await h.herald.publisher.idle();
    expect(postsSent()).toBe(before);
    return shown;
  }

  /** Publishes `message` with nothing to find in it, as a plain submit. */
  async function publish(message: string, more: Record<string, Pick> = {}): Promise<void> {
    const view = await openForm();
    const since = h.slack.calls.length;
    const ack = await submitForm(h, view, picks(message, more));
    expect(findingsText(h.slack.getView(view.id)!)).toBeUndefined();
    expect(ack.response_action).toBe('update');
    await waitForResultView(h, view.id, since);
    await h.herald.publisher.idle();
  }

  it.each([
    ['Slack mentions', 'Thanks <@U024BE7LH>, the checkout is being rolled back now.', 'Slack mentions: “&lt;@U024BE7LH&gt;”'],
    ['@here', '@here the checkout is being rolled back now.', 'Slack mentions: “@here”'],
    ['a private address', 'The primary database at 10.20.30.40 is being replaced now.', '“10.20.30.40”'],
    ['an IPv6 loopback', 'Requests to ::1 on the payment hosts time out for now.', '“::1”'],
    ['an internal host name', 'The queue on mq-2.prod.internal is backed up for now.', '“mq-2.prod.internal”'],
    ['an operator pattern', 'This is tracked as PROJ-4242 and being rolled back.', '“PROJ-4242”'],
    [
      'a stack trace',
      'We saw this:\nTypeError: x is undefined\n    at charge (/srv/pay/index.js:10:5)\n    at run (/srv/pay/queue.js:3:1)',
      'A stack trace',
    ],
    [
      'a long code block',
      `Logs:\n\`\`\`\n${Array.from({ length: 8 }, (_, i) => `line ${i}`).join('\n')}\n\`\`\``,
      'A code block of 8 lines',
    ],
    ['a one-word message', 'Investigating.', 'The message is one word'],
  ])('stops on %s, saying what and why', async (_, message, what) => {
    const shown = await expectFindings(message);
    expect(findingsText(shown)).toContain(what);
    expect(publishAnywayBox(shown)).toBeDefined();
  });

  it('stops on resolving while a component still shows a problem', async () => {
    const seed = h.pagerduty.seed!;
    const shown = await expectFindings('The rollback is done and checkouts work again.', {
      [FORM_BLOCKS.status]: seed.statuses.incident.resolved!,
      [`impact:${seed.serviceIds[0]}`]: seed.impacts.incident.partialOutage!,
    });
    expect(findingsText(shown)).toContain('API (partial outage)');
  });

  it('stops on notify off for a major update', async () => {
    const seed = h.pagerduty.seed!;
    const shown = await expectFindings('Checkouts fail for most cards while we roll back.', {
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.notify]: [],
    });
    expect(findingsText(shown)).toContain('Subscribers will not be notified of this “major” update');
  });

  it('stops on the same text as the last update, and on a status going backwards', async () => {
    const seed = h.pagerduty.seed!;
    await publish('The fix is out and we are watching the error rates.', { [FORM_BLOCKS.status]: seed.statuses.incident.monitoring! });
    const same = await expectFindings('The fix is out and we are   watching the error rates.', {
      [FORM_BLOCKS.status]: seed.statuses.incident.monitoring!,
    });
    expect(findingsText(same)).toContain('The message is the same as the last update’s');
    const back = await expectFindings('Errors are back up; we are looking into it again.', {
      [FORM_BLOCKS.status]: seed.statuses.incident.investigating!,
    });
    expect(findingsText(back)).toContain('The status goes back from “monitoring” to “investigating”');
  });

  it('publishes anyway when ticked, keeps the text, and records the override and who made it in the audit trail', async () => {
    const message = 'The cache on redis-1.corp is being rebuilt; checkouts may be slow.';
    const shown = await expectFindings(message);
    const box = publishAnywayBox(shown)!;
    const since = h.slack.calls.length;
    const before = postsSent();
    const ack = await submitAsShown(h, shown, { [box.blockId]: [box.value] });
    expect(ack.response_action).toBe('update');
    await waitForResultView(h, shown.id, since);
    await h.herald.publisher.idle();
    expect(postsSent()).toBe(before + 1);
    const sent = h.pagerduty.calls.filter((call) => call.method === 'POST').at(-1)!.body as { post_update: { message: string } };
    expect(sent.post_update.message).toContain('redis-1.corp');

    const submission = await h.stores.channels.latestPublished('pagerduty', h.pagerduty.seed!.pageId, h.pagerduty.seed!.incidentPostId);
    expect(submission?.draft.message).toBe(message);
    const overrides = await h.stores.overrides.list(submission!.id);
    expect(overrides).toEqual([
      {
        submissionId: submission!.id,
        userId: FAKE_USER.id,
        // With whatever else the change brought (the status may step back from an earlier test's).
        findings: expect.arrayContaining([
          { kind: 'internal-hostname', field: 'message', summary: 'Internal host names: “redis-1.corp”.' },
        ]),
        at: expect.any(Date),
      },
    ]);
    expect(h.slack.violations).toEqual([]);
  });

  it('shows new findings again when the text changed after "Publish anyway" was ticked', async () => {
    const shown = await expectFindings('Rolling back the deploy on build-7.lan right now.');
    const box = publishAnywayBox(shown)!;
    const before = postsSent();
    const ack = await submitAsShown(h, shown, {
      [box.blockId]: [box.value],
      [FORM_BLOCKS.message]: 'Rolling back the deploy at 192.168.4.4 right now.',
    });
    expect(ack.response_action).toBe('update');
    const again = h.slack.getView(shown.id)!;
    expect(findingsText(again)).toContain('192.168.4.4');
    expect(publishAnywayBox(again)!.blockId).not.toBe(box.blockId);
    await h.herald.publisher.idle();
    expect(postsSent()).toBe(before);
  });

  it('stops on a secret with no way round, keeps the text in the form, and never repeats the secret', async () => {
    const message = `We rotated the leaked token ${SECRET} and are checking access logs.`;
    const logsBefore = h.logs.length;
    const callsBefore = h.slack.calls.length;
    const shown = await expectFindings(message);
    expect(findingsText(shown)).toContain('Slack token');
    expect(findingsText(shown)).toContain('ending in “XcVb”');
    expect(findingsText(shown)).toContain('cannot be published anyway');
    expect(publishAnywayBox(shown)).toBeUndefined();

    // A forged tick (the box was never shown) changes nothing.
    const before = postsSent();
    const forged = await h.requester.viewSubmission(
      viewSubmissionPayload({
        view: shown,
        values: {
          ...valuesFromView(shown, {}),
          'public_text_publish_anyway:secret': {
            public_text_publish_anyway: {
              type: 'checkboxes',
              selected_options: [{ value: 'over:secret', text: { type: 'plain_text', text: 'x' } }],
            },
          },
        },
      }),
    );
    expect((forged.json as { response_action?: string }).response_action).toBe('update');
    await h.herald.publisher.idle();
    expect(postsSent()).toBe(before);

    // Not in any call Herald made to Slack, any log line, or the store's audit trail.
    const secretPart = SECRET.slice(5, -4);
    expect(JSON.stringify(h.slack.calls.slice(callsBefore))).not.toContain(secretPart);
    expect(h.logs.slice(logsBefore).join('')).not.toContain(secretPart);
    const latest = await h.stores.channels.latestPublished('pagerduty', h.pagerduty.seed!.pageId, h.pagerduty.seed!.incidentPostId);
    expect(latest?.draft.message).not.toContain(secretPart);
    expect(JSON.stringify(await h.stores.overrides.list(latest!.id))).not.toContain(secretPart);
  });
});
