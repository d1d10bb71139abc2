import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { nowInSeconds } from '../support/slack-signing.js';
import {
  blockActionsPayload,
  slashCommandBody,
  valuesFromView,
  viewSubmissionPayload,
  type StateValues,
} from '../support/slack-payloads.js';
import { choosePost, currentView, openUpdateForm } from '../support/update-form-driver.js';
import { openFormCopy } from '../support/form-copies.js';
import { decodeFormMetadata, encodeFormMetadata } from '../../src/slack/update-form/form-metadata.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// What Herald does with requests it should not trust: replayed, malformed, unknown, altered or oversized.
// Each gets an answer Slack can show (a field error, a message, an explaining modal) or a 4xx, promptly;
// never a 500, never a crash, never a second publish. (Missing, wrong and stale signatures: slack-requests.test.ts.)

const FORM = 'application/x-www-form-urlencoded';
/** Slack gives up on an answer after 3 s; Bolt's own fallback for unanswered requests comes only then. */
const PROMPTLY_MS = 2500;

const asForm = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe('requests Herald should not trust', () => {
  let h: Harness;
  let form: StoredView;
  let picks: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness();
    const seed = h.pagerduty.seed!;
    form = await openUpdateForm(h);
    form = await choosePost(h, form, `incident:${seed.incidentPostId}`);
    picks = { [FORM_BLOCKS.status]: seed.statuses.incident.identified!, [FORM_BLOCKS.severity]: seed.severities.incident.major! };
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.herald.publisher.idle();
    // Whatever came before, Herald still answers: nothing crashed it.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  /**
   * A submission of a form of its own (a copy of the loaded one: one form submits one update, by its key),
   * with the user's picks, `change` applied to its state values.
   */
  async function submission(
    message: string,
    change: (values: StateValues) => void = () => undefined,
  ): Promise<{ view: StoredView; payload: Record<string, unknown> }> {
    const seed = h.pagerduty.seed!;
    const view = await openFormCopy(h.slack, form, { id: seed.incidentPostId, title: 'Elevated API errors', kind: 'incident' });
    const values = valuesFromView(view, { ...picks, [FORM_BLOCKS.message]: 'typed' });
    setText(values, FORM_BLOCKS.message, message); // past the input's max_length, as no real Slack client could
    change(values);
    return { view, payload: viewSubmissionPayload({ view, values }) };
  }

  function setText(values: StateValues, blockId: string, text: string): void {
    for (const element of Object.values(values[blockId] ?? {})) element.value = text;
  }

  async function timed<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const result = await work();
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    return result;
  }

  describe('replayed requests (the same signed body and timestamp again)', () => {
    it('a replayed submission gets 401 and publishes nothing more', async () => {
      const seed = h.pagerduty.seed!;
      const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
      const body = asForm((await submission('Replayed: published once only')).payload);
      const timestamp = nowInSeconds();
      const first = await h.requester.raw({ body, contentType: FORM, timestamp });
      const replay = await h.requester.raw({ body, contentType: FORM, timestamp });

      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ response_action: 'update' });
      expect(replay.status).toBe(401);
      await h.slack.waitFor(
        (call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('Replayed: published once only'),
      );
      await h.herald.publisher.idle();
      expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    });

    it('a replayed command gets 401 and opens no second form', async () => {
      const since = h.slack.calls.length;
      const body = new URLSearchParams(
        slashCommandBody({ trigger_id: h.slack.newTriggerId(), response_url: h.slack.newResponseUrl() }),
      ).toString();
      const timestamp = nowInSeconds();
      expect((await h.requester.raw({ body, contentType: FORM, timestamp })).status).toBe(200);
      expect((await h.requester.raw({ body, contentType: FORM, timestamp })).status).toBe(401);
      await h.slack.waitFor('views.open', { since });
      await h.herald.publisher.idle();
      expect(h.slack.calls.slice(since).filter((call) => call.method === 'views.open')).toHaveLength(1);
    });

    it('a double click (two requests, each signed by Slack) is answered twice and publishes once', async () => {
      const seed = h.pagerduty.seed!;
      const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
      const { view, payload } = await submission('Double click: published once only');
      // Slack gives each click its own trigger_id, so the two requests differ (and are each signed anew).
      const click = () =>
        h.requester.viewSubmission({ ...payload, trigger_id: h.slack.newTriggerId(), view: { ...(payload.view as object), id: view.id } });
      const [first, second] = await Promise.all([click(), click()]);
      expect([first.status, second.status]).toEqual([200, 200]);
      await h.slack.waitFor(
        (call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('Double click: published once only'),
      );
      await h.herald.publisher.idle();
      expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    });
  });

  describe('malformed or unknown requests', () => {
    it('a payload that is not JSON gets 400', async () => {
      const response = await timed(() => h.requester.raw({ body: 'payload=%7B%22type%22%3A%22view_submission%22%2C', contentType: FORM }));
      expect(response.status).toBe(400);
    });

    it('a form Herald does not know is answered with a modal that says so', async () => {
      const { payload } = await submission('Unknown form');
      (payload.view as Record<string, unknown>).callback_id = 'some_other_form';
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
      expect(JSON.stringify(response.json)).toContain('Herald does not recognise this form');
    });

    it('a command Herald does not have is answered with a message, at once', async () => {
      const response = await timed(() => h.requester.command({ command: '/<!channel>' }));
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        response_type: 'ephemeral',
        text: expect.stringContaining('Herald could not handle `/&lt;!channel&gt;`'),
      });
    });

    it('a word Herald does not know is named back without control or direction-changing characters, and shortened', async () => {
      const word = `\u202eevil\u001b[2J\u0007${'w'.repeat(5000)}`;
      const response = await timed(() => h.requester.command({ text: word }));
      expect(response.status).toBe(200);
      const text = (response.json as { text: string }).text;
      const quoted = /Herald does not know `([^`]*)`/.exec(text)?.[1];
      expect(quoted).toBe(`evil[2J${'w'.repeat(32)}…`);
      // Newlines part the help's own lines; within them no control character, and no direction override, is left.
      for (const line of text.split('\n')) expect(line).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    });

    it('a button Herald does not know is acknowledged at once', async () => {
      const response = await timed(() =>
        h.requester.blockActions(
          blockActionsPayload({
            view: form,
            action: { type: 'button', action_id: 'not_a_herald_button', block_id: 'nowhere', value: 'x' },
          }),
        ),
      );
      expect(response.status).toBe(200);
    });

    it('a payload of a type Slack never sends is answered, not left hanging', async () => {
      const response = await timed(() =>
        h.requester.raw({ body: asForm({ type: 'not_a_slack_type', team: { id: 'T0HERALD01' } }), contentType: FORM }),
      );
      expect(response.status).toBeLessThan(500);
    });

    it('a form whose state is missing (Slack always sends it) gets 400, before any listener sees it', async () => {
      const { payload } = await submission('No state');
      delete (payload.view as Record<string, unknown>).state;
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(400);
    });
  });

  describe('altered forms', () => {
    it.each([
      ['not JSON at all', 'garbage{'],
      ['JSON of another shape', JSON.stringify({ v: 2, channelId: 42 })],
      [
        'a page of a provider Herald does not know',
        JSON.stringify({
          v: 1,
          channelId: 'C1',
          teamId: null,
          responseUrl: null,
          page: { provider: 'mystery', id: 'P1', name: 'x', url: null },
          post: null,
          components: [],
          capabilities: null,
          submissionId: null,
        }),
      ],
    ])('private_metadata that is %s gets a field error', async (_what, metadata) => {
      const { payload } = await submission('Altered metadata');
      (payload.view as Record<string, unknown>).private_metadata = metadata;
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ response_action: 'errors', errors: { [FORM_BLOCKS.message]: expect.any(String) } });
    });

    it('a page of a provider this Herald is not configured for: not published, and the modal says why', async () => {
      const since = h.slack.calls.length;
      const { view, payload } = await submission('For a provider that is not configured', (values) => {
        for (const element of Object.values(values[FORM_BLOCKS.page] ?? {})) {
          element.selected_option = { value: `devhelm:${h.pagerduty.seed!.pageId}`, text: { type: 'plain_text', text: 'Acme Status' } };
        }
      });
      const metadata = decodeFormMetadata(String(view.private_metadata));
      (payload.view as Record<string, unknown>).private_metadata = encodeFormMetadata({
        ...metadata,
        page: { ...metadata.page!, provider: 'devhelm' },
      });
      const response = await h.requester.viewSubmission(payload);
      expect(response.json).toMatchObject({ response_action: 'update' });
      await h.slack.waitFor(
        (call) =>
          call.method === 'views.update' &&
          call.args.view_id === view.id &&
          (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
        { since },
      );
      await h.herald.publisher.idle();
      const result = currentView(h, view.id);
      expect(result.title).toMatchObject({ text: 'Not published' });
      expect(JSON.stringify(result.blocks)).toContain('is not configured in this Herald');
    });

    it.each([
      ['a "next update" Herald never offered', FORM_BLOCKS.nextUpdate, 'forever'],
      ['a page value Herald cannot read', FORM_BLOCKS.page, 'no-colon-here'],
    ])('%s gets a field error on that field', async (_what, blockId, value) => {
      const { payload } = await submission('Altered choice', (values) => {
        const block = values[blockId] ?? {};
        for (const actionId of Object.keys(block))
          block[actionId] = { type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } };
        values[blockId] = block;
      });
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ response_action: 'errors', errors: { [blockId]: expect.any(String) } });
    });

    it('a status the provider does not have is refused by it, and the modal says so in plain words', async () => {
      const seed = h.pagerduty.seed!;
      const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
      const since = h.slack.calls.length;
      const { view, payload } = await submission('Altered status', (values) => {
        values[FORM_BLOCKS.status] = Object.fromEntries(
          Object.keys(values[FORM_BLOCKS.status] ?? {}).map((actionId) => [
            actionId,
            { type: 'static_select', selected_option: { value: 'PNOTREAL', text: { type: 'plain_text', text: 'Fixed?' } } },
          ]),
        );
      });
      const response = await h.requester.viewSubmission(payload);
      expect(response.json).toMatchObject({ response_action: 'update' });
      h.slack.applyViewAck(view.id, response.json as never);
      await h.slack.waitFor(
        (call) =>
          call.method === 'views.update' &&
          call.args.view_id === view.id &&
          (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
        { since },
      );
      await h.herald.publisher.idle();
      const result = currentView(h, view.id);
      expect(result.title).toMatchObject({ text: 'Not published' });
      expect(JSON.stringify(result.blocks)).toMatch(/PagerDuty (refused|could not find)/);
      expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
    });
  });

  describe('oversized requests', () => {
    it('a message over 3,000 characters gets a field error', async () => {
      const { payload } = await submission('x'.repeat(10_000));
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        response_action: 'errors',
        errors: { [FORM_BLOCKS.message]: expect.stringContaining('3,000 characters') },
      });
    });

    it('a body of almost 1 MB is still read, and its message refused with a field error', async () => {
      const { payload } = await submission('y'.repeat(900_000));
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        response_action: 'errors',
        errors: { [FORM_BLOCKS.message]: expect.stringContaining('3,000 characters') },
      });
    });

    it('a body over 1 MB gets 413 without being read', async () => {
      const { payload } = await submission('z'.repeat(2 * 1024 * 1024));
      const response = await timed(() => h.requester.viewSubmission(payload));
      expect(response.status).toBe(413);
    });
  });
});
