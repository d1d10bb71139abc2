import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { DEFAULT_USER, valuesFromView, viewSubmissionPayload, type PayloadUser } from '../support/slack-payloads.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import { FORM_BLOCKS, MESSAGE_BLOCK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

// HERALD_MAX_UPDATES_PER_MINUTE at its default (6): the seventh update one person submits to one incident
// within a minute is refused in the form, with the limit and when to try again, and nothing is stored or
// published. The clock is the harness's: moving it a minute on lets the same form through.

const OTHER_USER: PayloadUser = { ...DEFAULT_USER, id: 'U0RESPOND2', username: 'second', name: 'second' };

describe('at most 6 updates a minute per person per incident', () => {
  let h: Harness;
  let now = Date.now();
  const clock = () => new Date(now);

  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterAll(async () => {
    await h.close();
  });

  /** A form, freshly opened, on the seeded incident or on `postId`. */
  async function formOn(postId = h.pagerduty.seed!.incidentPostId): Promise<StoredView> {
    return choosePost(h, await openUpdateForm(h), `incident:${postId}`);
  }

  /** Submits `view` as `user` and returns Slack's acknowledgement body; waits for any publish it started. */
  async function submit(view: StoredView, message: string, user: PayloadUser = DEFAULT_USER): Promise<Record<string, unknown>> {
    const seed = h.pagerduty.seed!;
    const values = valuesFromView(view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: message,
    });
    const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values, user }));
    expect(response.status).toBe(200);
    await h.herald.publisher.idle();
    return (response.json ?? {}) as Record<string, unknown>;
  }

  const published = (postId = h.pagerduty.seed!.incidentPostId) => h.pagerduty.state.updatesOf(postId).map((update) => update.message);
  let sixth: StoredView;
  let seventh: StoredView;

  it('publishes six, then refuses the seventh in the form, saying the limit and when to try again', async () => {
    const before = published().length;
    for (let i = 1; i <= 6; i += 1) {
      sixth = await formOn();
      const ack = await submit(sixth, `Rate ${i}: checkout errors are falling.`);
      expect(ack.response_action).toBe('update');
      now += 5_000;
    }
    expect(published().length).toBe(before + 6);

    seventh = await formOn();
    const ack = await submit(seventh, 'Rate 7: this one is too many.');
    expect(ack.response_action).toBe('errors');
    // The first of the six was stored 30 s ago (clock time): it leaves the window in 30 s.
    expect(ack.errors).toEqual({
      [MESSAGE_BLOCK_ID]:
        'You can publish at most 6 updates a minute to this incident. Nothing was published and your text is kept: try again in 30 seconds.',
    });
    expect(published().length).toBe(before + 6);
    expect(published().some((message) => message.includes('Rate 7'))).toBe(false);
    // Refused before saving: the outbox has nothing for this form, so nothing can be published later either.
    expect(await h.stores.submissions.findSubmissionByKey(`${seventh.id}:${seventh.hash}`)).toBeNull();
  });

  it('does not count a double click or replay of an update already counted', async () => {
    // The sixth form, submitted again exactly as before: the same submission, answered with its result.
    const before = published().length;
    const ack = await submit(sixth, 'Rate 6: checkout errors are falling.');
    expect(ack.response_action).toBe('update');
    expect(published().length).toBe(before);
  });

  it('leaves another person, and another incident, their own allowance', async () => {
    const seed = h.pagerduty.seed!;
    const other = await submit(await formOn(), 'Rate: a second responder adds detail.', OTHER_USER);
    expect(other.response_action).toBe('update');

    const second = h.pagerduty.state.addPost(seed.pageId, { title: 'Search is slow', postType: 'incident' });
    const elsewhere = await submit(await formOn(second.id), 'Rate: search latency is up.');
    expect(elsewhere.response_action).toBe('update');
    expect(published(second.id).some((message) => message.includes('search latency'))).toBe(true);
  });

  it('lets the same form through once the minute has passed', async () => {
    now += 31_000;
    const ack = await submit(seventh, 'Rate 7: this one is too many.');
    expect(ack.response_action).toBe('update');
    expect(published().filter((message) => message.includes('Rate 7'))).toHaveLength(1);
    expect(h.pagerduty.violations.filter((violation) => violation.direction === 'request')).toEqual([]);
  });
});
