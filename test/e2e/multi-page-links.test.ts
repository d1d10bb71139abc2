import { linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { UNLINK_PAGE_ACTION } from '../../src/slack/channel-links/unlink-message.js';
import { LINKED_PAGES_BLOCKS, REMEMBER_OPTION_VALUE } from '../../src/slack/update-form/blocks/update-form-links.js';
import { FAKE_CHANNEL, type StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { linkChannel } from '../support/link-modal-driver.js';
import { actionFromView, blockActionsPayload, findElement, type Pick } from '../support/slack-payloads.js';
import { choosePage, choosePost, currentView, openUpdateForm, submitForm, waitUntilLoaded } from '../support/update-form-driver.js';
import { EDIT_AND_RETRY_ACTION, FAILURE_ACTIONS_BLOCK_ID, RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A channel linked to an incident on a PagerDuty page and one on a DevHelm page, over signed HTTP against
// the real app: one submit publishes to both, a failure on one is reported and its retry sends only to it;
// "Remember this incident"; unlink of one page or all.

type Block = { block_id?: string; element?: Record<string, unknown> };
const hasBlock = (view: { blocks: unknown[] }, id: string) => (view.blocks as Block[]).some((block) => block.block_id === id);
const isResult = (viewId: string) => (call: { method: string; args: Record<string, unknown> }) =>
  call.method === 'views.update' &&
  call.args.view_id === viewId &&
  (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID;

describe('a channel linked to incidents on two status pages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ devhelm: true, tuning: { timeoutMs: 5000, retries: 0 } });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    h.devhelm!.clearFaults();
    h.pagerduty.clearFaults();
  });

  const pagerdutySends = () => h.pagerduty.calls.filter((call) => call.operationId === 'createStatusPagePostUpdate').length;
  const devhelmSends = () => h.devhelm!.calls.filter((call) => call.operationId === 'postIncidentUpdate').length;
  const echoesSince = (since: number) =>
    h.slack.calls
      .slice(since)
      .filter((call) => call.method === 'chat.postMessage' && String(call.args.text).startsWith('Status update on'));

  async function link(value: string): Promise<void> {
    expect(await linkChannel(h, value)).toEqual({ response_action: 'clear' });
  }

  async function submitAndWait(view: StoredView, picks: Record<string, Pick>): Promise<StoredView> {
    const since = h.slack.calls.length;
    const ack = await submitForm(h, view, picks);
    expect(ack.response_action).toBe('update');
    await h.slack.waitFor(isResult(view.id), { since, timeoutMs: 8000 });
    await h.herald.publisher.idle();
    return currentView(h, view.id);
  }

  it('links both pages; one submit publishes to each, in its own vocabulary, with an echo each', async () => {
    const pd = h.pagerduty.seed!;
    const dh = h.devhelm!.seed!;
    await link(linkOptionValue({ provider: 'pagerduty', id: pd.pageId }, { kind: 'incident', id: pd.incidentPostId }));
    await link(linkOptionValue({ provider: 'devhelm', id: dh.pageId }, { kind: 'incident', id: dh.incidentId }));
    expect((await h.stores.channels.listLinks(FAKE_CHANNEL.id)).map((l) => l.provider)).toEqual(['pagerduty', 'devhelm']);

    // No update sent yet, so the form opens on the first link, and offers the update to the other page, ticked.
    const form = await openUpdateForm(h);
    expect((findElement(form, FORM_BLOCKS.post).initial_option as { value: string }).value).toBe(`incident:${pd.incidentPostId}`);
    const also = findElement(form, LINKED_PAGES_BLOCKS.alsoPublish);
    expect((also.initial_options as { value: string }[]).map((o) => o.value)).toEqual([
      linkOptionValue({ provider: 'devhelm', id: dh.pageId }, { kind: 'incident', id: dh.incidentId }),
    ]);
    expect(hasBlock(form, LINKED_PAGES_BLOCKS.remember)).toBe(false);

    const [pdBefore, dhBefore, since] = [pagerdutySends(), devhelmSends(), h.slack.calls.length];
    const result = await submitAndWait(form, {
      [FORM_BLOCKS.status]: pd.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: pd.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Rolling back the 14:02 deploy.',
      [FORM_BLOCKS.nextUpdate]: '30',
    });
    expect(pagerdutySends()).toBe(pdBefore + 1);
    expect(devhelmSends()).toBe(dhBefore + 1);
    const devhelmUpdate = h.devhelm!.state.incidents.get(dh.incidentId)!.updates.at(-1)!;
    expect(devhelmUpdate).toMatchObject({ status: 'IDENTIFIED', body: 'Rolling back the 14:02 deploy.' });

    const echoes = echoesSince(since).map((call) => String(call.args.text));
    expect(echoes).toHaveLength(2);
    expect(echoes.some((text) => text.includes('Acme Status'))).toBe(true);
    expect(echoes.some((text) => text.includes('Acme Cloud'))).toBe(true);
    const shown = JSON.stringify(result.blocks);
    expect(shown).toContain('published on 2 status pages');
    expect(shown).toContain('Elevated API errors');
    expect(shown).toContain('Slow dashboard');
    expect(h.slack.violations).toEqual([]);
    expect(h.devhelm!.violations).toEqual([]);
  });

  it('when one page fails, the other is published once, the failure is shown, and the retry sends only the missing page', async () => {
    const pd = h.pagerduty.seed!;
    const dh = h.devhelm!.seed!;
    h.devhelm!.inject({ route: 'postUpdate', fault: { status: 400 } });
    const form = await openUpdateForm(h);
    const [pdBefore, dhBefore, since] = [pagerdutySends(), devhelmSends(), h.slack.calls.length];
    const result = await submitAndWait(form, {
      [FORM_BLOCKS.status]: pd.statuses.incident.monitoring!,
      [FORM_BLOCKS.severity]: pd.severities.incident.minor!,
      [FORM_BLOCKS.message]: 'Fix deployed; watching error rates.',
    });
    expect(pagerdutySends()).toBe(pdBefore + 1);
    expect(devhelmSends()).toBe(dhBefore + 1);
    expect(echoesSince(since)).toHaveLength(1);
    const shown = JSON.stringify(result.blocks);
    expect(shown).toContain('published on 1 of 2 status pages');
    expect(shown).toContain('Slow dashboard');
    expect(shown).toContain('not published');
    expect(shown).toContain('DevHelm answered HTTP 400');
    expect(shown).toContain('Fix deployed; watching error rates.');

    // Edit and retry: the form comes back on the page that failed, with nothing offered that already has it.
    const clickedAt = h.slack.calls.length;
    await h.requester.blockActions(
      blockActionsPayload({ view: result, action: actionFromView(result, FAILURE_ACTIONS_BLOCK_ID, null, EDIT_AND_RETRY_ACTION) }),
    );
    const retryForm = await waitUntilLoaded(h, result.id, clickedAt);
    expect((findElement(retryForm, FORM_BLOCKS.post).initial_option as { value: string }).value).toBe(`incident:${dh.incidentId}`);
    expect(findElement(retryForm, FORM_BLOCKS.message).initial_value).toBe('Fix deployed; watching error rates.');
    expect(hasBlock(retryForm, LINKED_PAGES_BLOCKS.alsoPublish)).toBe(false);

    const retried = await submitAndWait(retryForm, {});
    expect(pagerdutySends()).toBe(pdBefore + 1); // not again
    expect(devhelmSends()).toBe(dhBefore + 2);
    expect(h.devhelm!.state.incidents.get(dh.incidentId)!.updates.at(-1)).toMatchObject({
      status: 'MONITORING',
      body: 'Fix deployed; watching error rates.',
    });
    const retriedShown = JSON.stringify(retried.blocks);
    expect(retriedShown).toContain('published on 2 status pages');
    expect(retriedShown).toContain('published, earlier');
    expect(echoesSince(clickedAt)).toHaveLength(1);
    expect(h.slack.violations).toEqual([]);
  });

  it('unlink asks which page; a button unlinks that one, and `unlink all` the rest', async () => {
    const answer = await h.requester.command({ text: 'unlink' });
    const question = answer.json as { text: string; blocks: { elements?: { action_id: string; value: string }[] }[] };
    expect(question.text).toContain('linked to 2 incidents');
    expect(await h.stores.channels.listLinks(FAKE_CHANNEL.id)).toHaveLength(2);

    const dh = h.devhelm!.seed!;
    const button = question.blocks.flatMap((block) => block.elements ?? []).find((element) => element.value === `devhelm:${dh.pageId}`)!;
    expect(button.action_id.startsWith(UNLINK_PAGE_ACTION)).toBe(true);
    const responseUrl = h.slack.newResponseUrl();
    await h.requester.blockActions(
      blockActionsPayload({
        action: { type: 'button', block_id: 'unlink_choices', action_id: button.action_id, value: button.value },
        message: { ts: '1712345678.000200', type: 'message', text: question.text, blocks: question.blocks },
        response_url: responseUrl,
      }),
    );
    await h.slack.waitFor((call) => call.method === 'response_url' && h.slack.responses(responseUrl).length > 0);
    expect(String(h.slack.responses(responseUrl)[0]!.text)).toContain('no longer linked to *Slow dashboard*');
    expect((await h.stores.channels.listLinks(FAKE_CHANNEL.id)).map((l) => l.provider)).toEqual(['pagerduty']);

    const all = await h.requester.command({ text: 'unlink all' });
    expect((all.json as { text: string }).text).toContain('no longer linked to *Elevated API errors*');
    expect(await h.stores.channels.listLinks(FAKE_CHANNEL.id)).toEqual([]);
  });

  it('"Remember this incident for this channel" links it when the update is submitted', async () => {
    const pd = h.pagerduty.seed!;
    let form = await openUpdateForm(h);
    form = await choosePage(h, form, `pagerduty:${pd.pageId}`);
    form = await choosePost(h, form, `incident:${pd.incidentPostId}`);
    expect(hasBlock(form, LINKED_PAGES_BLOCKS.remember)).toBe(true);
    await submitAndWait(form, {
      [FORM_BLOCKS.status]: pd.statuses.incident.monitoring!,
      [FORM_BLOCKS.severity]: pd.severities.incident.minor!,
      [FORM_BLOCKS.message]: 'Still watching.',
      [LINKED_PAGES_BLOCKS.remember]: [REMEMBER_OPTION_VALUE],
    });
    expect(await h.stores.channels.listLinks(FAKE_CHANNEL.id)).toMatchObject([{ provider: 'pagerduty', post: { id: pd.incidentPostId } }]);
    // Now linked: the next form opens on it and no longer offers to remember it.
    const next = await openUpdateForm(h);
    expect((findElement(next, FORM_BLOCKS.post).initial_option as { value: string }).value).toBe(`incident:${pd.incidentPostId}`);
    expect(hasBlock(next, LINKED_PAGES_BLOCKS.remember)).toBe(false);
  });
});
