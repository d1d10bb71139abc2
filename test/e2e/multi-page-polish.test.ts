import type { ReminderWorker } from '../../src/reminders/index.js';
import { linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { UNLINK_PAGE_ACTION } from '../../src/slack/channel-links/unlink-message.js';
import { LINKED_PAGES_BLOCKS } from '../../src/slack/update-form/blocks/update-form-links.js';
import type { RecordedCall } from '../fakes/slack/call-log.js';
import { FAKE_CHANNEL, FAKE_USER, type StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { linkChannel } from '../support/link-modal-driver.js';
import { isReminder } from '../support/reminder-messages.js';
import { askForTimeline } from '../support/timeline-command.js';
import { blockActionsPayload, findElement, valuesFromView, viewSubmissionPayload, type Pick } from '../support/slack-payloads.js';
import { choosePage, choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { startRemindersOn } from '../support/reminder-scenario.js';

// A channel linked to an incident on a PagerDuty page and one on a DevHelm page, over signed HTTP against the
// real app: a replayed submit shows the whole group's result; the reminder moves to a page still linked when
// its page is unlinked; the form opens on the incident Herald updated last; the timeline shows every linked
// incident; a failed grouped publish whose modal was closed reaches its author once.

const MINUTE = 60_000;
const PD_TITLE = 'Elevated API errors';
const DH_TITLE = 'Slow dashboard';

const isResult = (viewId: string) => (call: RecordedCall) =>
  call.method === 'views.update' &&
  call.args.view_id === viewId &&
  (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID;
const selectedPost = (view: StoredView) => (findElement(view, FORM_BLOCKS.post).initial_option as { value: string } | undefined)?.value;

describe('a channel linked to two status pages: the finishing touches', () => {
  let h: Harness;
  let worker: ReminderWorker;
  /** The clock runs in real time; reminders move it forward instead of waiting. */
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    h = await startHarness({ devhelm: true, clock, tuning: { timeoutMs: 5000, retries: 0 }, maxUpdatesPerMinute: 0 });
    // Ticked by the test only (a poll interval it never reaches).
    worker = startRemindersOn(h, clock, { pollMs: 3_600_000 });
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
  });

  const pagerdutySends = () => h.pagerduty.calls.filter((call) => call.operationId === 'createStatusPagePostUpdate').length;
  const devhelmSends = () => h.devhelm!.calls.filter((call) => call.operationId === 'postIncidentUpdate').length;
  const pdForm = () => {
    const pd = h.pagerduty.seed!;
    return { [FORM_BLOCKS.status]: pd.statuses.incident.identified!, [FORM_BLOCKS.severity]: pd.severities.incident.major! };
  };

  async function link(provider: 'pagerduty' | 'devhelm'): Promise<void> {
    const value =
      provider === 'pagerduty'
        ? linkOptionValue({ provider, id: h.pagerduty.seed!.pageId }, { kind: 'incident', id: h.pagerduty.seed!.incidentPostId })
        : linkOptionValue({ provider, id: h.devhelm!.seed!.pageId }, { kind: 'incident', id: h.devhelm!.seed!.incidentId });
    expect(await linkChannel(h, value)).toEqual({ response_action: 'clear' });
  }

  /** `/status-update unlink`, then the button of the page (as a responder clicks it). */
  async function unlinkPage(pageValue: string): Promise<void> {
    const answer = await h.requester.command({ text: 'unlink' });
    const question = answer.json as { text: string; blocks: { elements?: { action_id: string; value: string }[] }[] };
    const button = question.blocks.flatMap((block) => block.elements ?? []).find((element) => element.value === pageValue)!;
    expect(button.action_id.startsWith(UNLINK_PAGE_ACTION)).toBe(true);
    const responseUrl = h.slack.newResponseUrl();
    await h.requester.blockActions(
      blockActionsPayload({
        action: { type: 'button', block_id: 'unlink_choices', action_id: button.action_id, value: button.value },
        message: { ts: '1712345678.000300', type: 'message', text: question.text, blocks: question.blocks },
        response_url: responseUrl,
      }),
    );
    await h.slack.waitFor((call) => call.method === 'response_url' && h.slack.responses(responseUrl).length > 0);
  }

  /** Submits and waits until every page is done (the result view, or the end of publishing when it is gone). */
  async function submitAndSettle(view: StoredView, picks: Record<string, Pick>): Promise<Record<string, unknown>> {
    const ack = await submitForm(h, view, picks);
    expect(ack.response_action).toBe('update');
    await h.herald.publisher.idle();
    return ack;
  }

  let firstSubmit: { form: StoredView; picks: Record<string, Pick> };

  it('a replayed submit of a grouped update shows the whole group’s result and publishes nothing again', async () => {
    await link('pagerduty');
    await link('devhelm');
    const form = await openUpdateForm(h);
    // Herald has sent neither incident an update yet: the form opens on the first linked.
    expect(selectedPost(form)).toBe(`incident:${h.pagerduty.seed!.incidentPostId}`);
    const submitted = structuredClone(form); // the modal as it was submitted (same view id and hash)
    const picks = { ...pdForm(), [FORM_BLOCKS.message]: 'Rolling back the 14:02 deploy.', [FORM_BLOCKS.nextUpdate]: '30' };
    const since = h.slack.calls.length;
    await submitAndSettle(form, picks);
    await h.slack.waitFor(isResult(form.id), { since });
    firstSubmit = { form: submitted, picks };
    const [pdBefore, dhBefore] = [pagerdutySends(), devhelmSends()];

    // Slack sends the same submit again (a double click, or a retry of a slow acknowledgement).
    const replay = await h.requester.viewSubmission(viewSubmissionPayload({ view: submitted, values: valuesFromView(submitted, picks) }));
    const ack = replay.json as { response_action: string; view: { callback_id: string; title: { text: string }; blocks: unknown[] } };
    expect(ack.response_action).toBe('update');
    expect(ack.view.callback_id).toBe(RESULT_VIEW_CALLBACK_ID);
    expect(ack.view.title.text).toBe('Update published');
    const shown = JSON.stringify(ack.view.blocks);
    expect(shown).toContain('published on 2 status pages');
    expect(shown).toContain(PD_TITLE);
    expect(shown).toContain(DH_TITLE);
    await h.herald.publisher.idle();
    expect([pagerdutySends(), devhelmSends()]).toEqual([pdBefore, dhBefore]);
    expect(h.slack.violations).toEqual([]);
  });

  it('the group’s reminder is carried by a page still linked when the carrying page is unlinked', async () => {
    const key = `${firstSubmit.form.id}:${firstSubmit.form.hash}`;
    const members = await h.stores.groups.listMembers(key);
    expect(members).toHaveLength(2);
    // The page that carries the reminder now: published last, the form's page on a tie.
    const carrier = [...members].sort(
      (a, b) => b.submission!.publishedAt!.getTime() - a.submission!.publishedAt!.getTime() || Number(b.inForm) - Number(a.inForm),
    )[0]!;
    const stays = members.find((member) => member !== carrier)!;
    await unlinkPage(`${carrier.provider}:${carrier.pageId}`);

    const since = h.slack.calls.length;
    offsetMs += 31 * MINUTE;
    await worker.tick();
    await worker.tick();
    const reminders = h.slack.calls.slice(since).filter(isReminder);
    expect(reminders).toHaveLength(1);
    expect(String(reminders[0]!.args.text)).toContain(stays.provider === 'devhelm' ? DH_TITLE : PD_TITLE);
    expect(reminders[0]!.args.channel).toBe(FAKE_CHANNEL.id);

    await link(carrier.provider as 'pagerduty' | 'devhelm'); // both linked again for what follows
    expect(await h.stores.channels.listLinks(FAKE_CHANNEL.id)).toHaveLength(2);
  });

  it('the form opens on the linked incident Herald sent the last update to', async () => {
    const dh = h.devhelm!.seed!;
    const pd = h.pagerduty.seed!;
    // An update to the DevHelm incident alone (its "Also publish to" unticked).
    let form = await openUpdateForm(h);
    form = await choosePage(h, form, `devhelm:${dh.pageId}`);
    form = await choosePost(h, form, `incident:${dh.incidentId}`);
    await submitAndSettle(form, {
      [FORM_BLOCKS.status]: 'MONITORING',
      [FORM_BLOCKS.message]: 'Dashboard caches warmed.',
      [LINKED_PAGES_BLOCKS.alsoPublish]: [],
    });
    expect(selectedPost(await openUpdateForm(h))).toBe(`incident:${dh.incidentId}`);

    // Then one to the PagerDuty incident alone: the next form opens there.
    form = await openUpdateForm(h);
    form = await choosePage(h, form, `pagerduty:${pd.pageId}`);
    form = await choosePost(h, form, `incident:${pd.incidentPostId}`);
    await submitAndSettle(form, {
      ...pdForm(),
      [FORM_BLOCKS.message]: 'Error rates back to normal.',
      [LINKED_PAGES_BLOCKS.alsoPublish]: [],
    });
    expect(selectedPost(await openUpdateForm(h))).toBe(`incident:${pd.incidentPostId}`);
  });

  it('timeline shows each linked incident’s updates, one section per page, newest first', async () => {
    const reply = await askForTimeline(h);
    expect(reply.response_type).toBe('ephemeral');
    const sections = (reply.blocks as { type: string; text?: { text: string } }[])
      .filter((block) => block.type === 'section')
      .map((block) => block.text!.text);
    expect(sections).toHaveLength(2);
    const pdSection = sections.find((text) => text.includes(PD_TITLE))!;
    const dhSection = sections.find((text) => text.includes(DH_TITLE))!;
    expect(pdSection).toContain('(PagerDuty), newest first (<');
    expect(dhSection).toContain('(DevHelm), newest first:'); // no address to link to
    expect(pdSection.indexOf('Error rates back to normal.')).toBeGreaterThan(0);
    expect(pdSection.indexOf('Error rates back to normal.')).toBeLessThan(pdSection.indexOf('Rolling back the 14:02 deploy.'));
    expect(dhSection.indexOf('Dashboard caches warmed.')).toBeGreaterThan(0);
    expect(dhSection.indexOf('Dashboard caches warmed.')).toBeLessThan(dhSection.indexOf('Rolling back the 14:02 deploy.'));
    expect(dhSection).not.toContain('Error rates back to normal.');
    expect(h.slack.violations).toEqual([]);
  });

  it('a grouped update that fails while its modal is closed reaches its author once', async () => {
    // Both pages refuse at once, so both finish at nearly the same moment.
    h.pagerduty.inject({ route: 'createPostUpdate', fault: { status: 400 } });
    h.devhelm!.inject({ route: 'postUpdate', fault: { status: 400 } });
    const form = await openUpdateForm(h);
    expect(selectedPost(form)).toBe(`incident:${h.pagerduty.seed!.incidentPostId}`);
    // The author closed the modal: every update of it fails as Slack fails it.
    h.slack.inject('views.update', { error: 'not_found' }, 2);
    const since = h.slack.calls.length;
    await submitAndSettle(form, { ...pdForm(), [FORM_BLOCKS.message]: 'Second rollback under way.' });

    const notices = () =>
      h.slack.calls
        .slice(since)
        .filter(
          (call) =>
            (call.method === 'response_url' && call.args.response_type === 'ephemeral') ||
            (call.method === 'chat.postMessage' && call.args.channel === FAKE_USER.id),
        );
    await h.slack.waitFor((call) => call.method === 'response_url' && call.args.response_type === 'ephemeral', { since });
    await h.herald.publisher.idle();
    expect(notices()).toHaveLength(1);
    const notice = notices()[0]!;
    expect(String(notice.args.text)).toBe('Your update was not published on 2 of its 2 status pages.');
    const shown = JSON.stringify(notice.args.blocks);
    expect(shown).toContain('Second rollback under way.');
    expect(shown).toContain('DevHelm answered HTTP 400');
    expect(shown).toContain('PagerDuty answered HTTP 400');
    const key = `${form.id}:${form.hash}`;
    const members = await h.stores.groups.listMembers(key);
    expect(members.map((member) => member.submission?.state)).toEqual(['failed', 'failed']);
    expect(members.every((member) => member.submission?.notifiedAt instanceof Date)).toBe(true);
  });
});
