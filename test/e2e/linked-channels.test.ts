import { LINK_FORM_BLOCKS, linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { linkChannel, openLinkModal } from '../support/link-modal-driver.js';
import { viewSubmissionPayload } from '../support/slack-payloads.js';
import { askForTimeline } from '../support/timeline-command.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// `/status-update link`, `unlink` and `timeline`, over signed HTTP against the real app.

type Block = { block_id?: string; element?: Record<string, unknown> };
const blockOf = (view: { blocks: unknown[] }, id: string) => (view.blocks as Block[]).find((block) => block.block_id === id);
const selectedValue = (view: { blocks: unknown[] }, id: string) =>
  (blockOf(view, id)?.element?.initial_option as { value?: string } | undefined)?.value;

describe('linked channels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('link stores the incident; /status-update then opens on it with its last status and an empty message', async () => {
    const seed = h.pagerduty.seed!;
    // A first update through Herald, so the form has a current status to start from.
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Rolling back the deploy.',
    });
    await h.herald.publisher.idle();

    const since = h.slack.calls.length;
    const ack = await linkChannel(
      h,
      linkOptionValue({ provider: 'pagerduty', id: seed.pageId }, { kind: 'incident', id: seed.incidentPostId }),
    );
    expect(ack).toEqual({ response_action: 'clear' });
    const link = await h.stores.channels.getLink(FAKE_CHANNEL.id);
    expect(link).toMatchObject({
      provider: 'pagerduty',
      page: { id: seed.pageId, name: 'Acme Status' },
      post: { id: seed.incidentPostId, title: 'Elevated API errors', kind: 'incident' },
    });
    const announced = await h.slack.waitFor('chat.postMessage', { since });
    expect(String(announced.args.text)).toContain('linked this channel to *Elevated API errors*');

    const form = await openUpdateForm(h);
    expect(selectedValue(form, FORM_BLOCKS.post)).toBe(`incident:${seed.incidentPostId}`);
    expect(selectedValue(form, FORM_BLOCKS.status)).toBe(seed.statuses.incident.identified);
    expect(selectedValue(form, FORM_BLOCKS.severity)).toBe(seed.severities.incident.major);
    expect(blockOf(form, FORM_BLOCKS.message)?.element?.initial_value ?? '').toBe('');
    expect(h.slack.violations).toEqual([]);
  });

  it('a link to an incident no longer open is refused in the modal', async () => {
    const seed = h.pagerduty.seed!;
    const view = await openLinkModal(h);
    // The resolved incident is not offered; a forged value for it is refused.
    expect(JSON.stringify(view.blocks)).not.toContain(seed.resolvedPostId);
    const forged = linkOptionValue({ provider: 'pagerduty', id: seed.pageId }, { kind: 'incident', id: seed.resolvedPostId });
    const values = {
      [LINK_FORM_BLOCKS.post]: {
        link_post_select: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: forged } },
      },
    };
    const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values: values as never }));
    expect((response.json as { response_action?: string }).response_action).toBe('errors');
  });

  it('timeline shows the linked incident, newest first, only to the person who asked', async () => {
    const seed = h.pagerduty.seed!;
    const base = {
      pageId: seed.pageId,
      postId: seed.incidentPostId,
      severityId: seed.severities.incident.minor!,
      impactedServices: [],
      notifySubscribers: false,
      updateFrequencyMs: null,
    };
    h.pagerduty.state.addUpdate({
      ...base,
      message: '<p>Older note from the status page</p>',
      statusId: seed.statuses.incident.investigating!,
      reportedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    h.pagerduty.state.addUpdate({
      ...base,
      message: '<p>Fix deployed &amp; watching</p>',
      statusId: seed.statuses.incident.monitoring!,
      reportedAt: new Date(Date.now() + 1000).toISOString(),
    });

    const reply = await askForTimeline(h);
    expect(reply.response_type).toBe('ephemeral');
    const text = String(reply.text);
    expect(text).toContain('Elevated API errors');
    const lines = text.split('\n');
    const newest = lines.findIndex((line) => line.includes('Fix deployed &amp; watching'));
    const mine = lines.findIndex((line) => line.includes('Rolling back the deploy.'));
    const oldest = lines.findIndex((line) => line.includes('Older note from the status page'));
    expect(newest).toBeGreaterThan(0);
    expect(newest).toBeLessThan(mine);
    expect(mine).toBeLessThan(oldest);
    expect(lines[newest]).toContain('monitoring');
    expect(lines[oldest]).toContain('2 hours ago');
  });

  it('unlink forgets the incident: the form opens unchosen and timeline says how to link', async () => {
    const unlinked = await h.requester.command({ text: 'unlink' });
    expect((unlinked.json as { text: string }).text).toContain('no longer linked to *Elevated API errors*');
    expect(await h.stores.channels.getLink(FAKE_CHANNEL.id)).toBeNull();

    const again = await h.requester.command({ text: 'UNLINK' });
    expect((again.json as { text: string }).text).toContain('not linked to an incident');

    const timeline = await h.requester.command({ text: 'timeline' });
    expect(timeline.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/status-update link') });

    const form = await openUpdateForm(h);
    expect(selectedValue(form, FORM_BLOCKS.post)).toBeUndefined();
  });

  it('help lists the new commands', async () => {
    const help = await h.requester.command({ text: 'help' });
    const text = (help.json as { text: string }).text;
    for (const word of ['link', 'timeline', 'new']) expect(text).toContain(`/status-update ${word}`);
    expect(text).toContain('`unlink`');
  });
});
