import { FAKE_CHANNEL, FAKE_WORKSPACE } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { openCreateForm } from '../support/create-form-driver.js';
import {
  blockOf,
  chooseTemplate,
  clickReplaceMessage,
  clickStartFromLastUpdate,
  draftFromMessage,
  messageBlock,
  templateOptions,
  useDraftShortcut,
} from '../support/message-tools-driver.js';
import { waitUntil } from '../support/wait-until.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { choosePost, openUpdateForm, publishIncidentUpdate, waitForBlock } from '../support/update-form-driver.js';
import { FORM_BLOCKS, MESSAGE_OFFER_BLOCK_ID, MESSAGE_TOOLS_BLOCK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Templates and the last update in the update and create forms, and "Draft status update" on a message, over
// signed HTTP against the real app, the fake Slack and the fake PagerDuty: a template fills an empty message at
// once (and the status nobody chose, and the create form's empty title), never a message with text in it until
// "Replace the message" is clicked.

type Element = { initial_value?: string; initial_option?: { value?: string } };
const element = (block: { element?: Record<string, unknown> } | undefined) => (block?.element ?? {}) as Element;
/** A field at its first block id, or at any revision a template moved it to (`status:1`). */
const atAnyRevision = (id: string) => (b: { block_id?: string }) => b.block_id === id || (b.block_id?.startsWith(`${id}:`) ?? false);
const statusPicked = (view: { blocks: unknown[] }) => element(blockOf(view, atAnyRevision(FORM_BLOCKS.status))).initial_option?.value;
const titleBlock = (view: { blocks: unknown[] }) => blockOf(view, atAnyRevision(FORM_BLOCKS.title));

describe('templates and the last update in the forms, and Draft status update', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => {
    // Every view Herald opened or updated is one Slack accepts.
    expect(h.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await h.close();
  });

  async function incidentForm() {
    const seed = h.pagerduty.seed!;
    const view = await openUpdateForm(h);
    return choosePost(h, view, `incident:${seed.incidentPostId}`);
  }

  it('offers the incident templates, and one fills the empty message and the status nobody chose', async () => {
    const seed = h.pagerduty.seed!;
    const view = await incidentForm();
    // Herald has published nothing to the incident yet: no last update to start from.
    expect(JSON.stringify(blockOf(view, (b) => b.block_id === MESSAGE_TOOLS_BLOCK_ID))).not.toContain('start_from_last_update');
    const listed = await templateOptions(h, view);
    const names = listed.map((option) => option.text.text);
    expect(names).toEqual(expect.arrayContaining(['Identified (Identified)', 'Investigating (Investigating)', 'Resolved (Resolved)']));
    expect(names.some((name) => name.startsWith('Maintenance'))).toBe(false);

    const filled = await chooseTemplate(h, view, 'Identified', {}, listed);
    const message = messageBlock(filled);
    // A new block id: Slack shows the new text instead of keeping the (empty) one.
    expect(message.block_id).toBe('message:1');
    expect(element(message).initial_value).toMatch(/identified the cause/i);
    expect(statusPicked(filled)).toBe(seed.statuses.incident.identified);
    // At a new block id too: Slack shows a new initial option only there.
    expect(blockOf(filled, atAnyRevision(FORM_BLOCKS.status))?.block_id).toBe('status:1');

    // The form as filled is what is submitted and published.
    const ack = await submitPublishingAnyway(h, filled, { [FORM_BLOCKS.severity]: seed.severities.incident.major! });
    expect(ack.response_action).toBe('update');
    await h.herald.publisher.idle();
    const sent = h.pagerduty.state.updatesOf(seed.incidentPostId).at(-1);
    expect(JSON.stringify(sent)).toMatch(/identified the cause/i);
  });

  it('never replaces typed text or a chosen status without "Replace the message"', async () => {
    const seed = h.pagerduty.seed!;
    const view = await incidentForm();
    const typed = { [FORM_BLOCKS.message]: 'Our own words so far.', [FORM_BLOCKS.status]: seed.statuses.incident.monitoring! };
    const offered = await chooseTemplate(h, view, 'Identified', typed);
    // The message box keeps its block id (Slack keeps what was typed) and gets no text from Herald.
    expect(messageBlock(offered).block_id).toBe('message');
    expect(element(messageBlock(offered)).initial_value).toBeUndefined();
    // The status the user chose is not set again, and its block id stays, so Slack keeps their pick.
    expect(statusPicked(offered)).toBeUndefined();
    expect(blockOf(offered, atAnyRevision(FORM_BLOCKS.status))?.block_id).toBe(FORM_BLOCKS.status);
    const offer = blockOf(offered, (b) => b.block_id === MESSAGE_OFFER_BLOCK_ID);
    expect(offer?.text?.text).toMatch(/identified the cause/i);

    const replaced = await clickReplaceMessage(h, offered, typed);
    expect(messageBlock(replaced).block_id).toBe('message:1');
    expect(element(messageBlock(replaced)).initial_value).toMatch(/identified the cause/i);
    expect(blockOf(replaced, (b) => b.block_id === MESSAGE_OFFER_BLOCK_ID)).toBeUndefined();
    // A later rebuild keeps the new block id, so whatever is typed next is kept too.
    const again = await chooseTemplate(h, replaced, 'Monitoring', { [messageBlock(replaced).block_id!]: 'Edited after the template.' });
    expect(messageBlock(again).block_id).toBe('message:1');
    expect(blockOf(again, (b) => b.block_id === MESSAGE_OFFER_BLOCK_ID)?.text?.text).toMatch(/monitor/i);
  });

  it('fills the create form’s empty title from a template with one, and leaves a typed title alone', async () => {
    await h.stores.templates.add(
      FAKE_WORKSPACE.teamId,
      {
        name: 'Checkout down',
        stage: 'investigating',
        title: 'Checkout errors',
        body: 'We are looking into errors at checkout on {{ page }}.',
      },
      new Date(),
    );
    const form = await openCreateForm(h);
    const filled = await chooseTemplate(h, form, 'Checkout down');
    expect(titleBlock(filled)?.block_id).toBe('title:1');
    expect(element(titleBlock(filled)).initial_value).toBe('Checkout errors');
    expect(element(messageBlock(filled)).initial_value).toMatch(/^We are looking into errors at checkout on /);

    // A title typed since is not replaced by the next template's.
    const kept = await chooseTemplate(h, filled, 'Checkout down', { 'title:1': 'Payments failing' });
    expect(titleBlock(kept)?.block_id).toBe('title:1');
    expect(element(titleBlock(kept)).initial_value).toBeUndefined();
  });

  async function linkIncident() {
    const seed = h.pagerduty.seed!;
    await h.stores.channels.saveLink({
      channelId: FAKE_CHANNEL.id,
      provider: 'pagerduty',
      page: { id: seed.pageId, name: 'Acme Status', url: seed.pageUrl ?? null },
      post: { id: seed.incidentPostId, title: 'Elevated API errors', kind: 'incident', url: null },
      linkedBy: 'U1',
      linkedAt: new Date(),
    });
  }

  it('starts from the last update published through Herald, on a linked incident', async () => {
    await linkIncident();
    await publishIncidentUpdate(h, 'The previous public text: payments are slow in Europe.');

    const view = await waitForBlock(h, (await openUpdateForm(h)).id, MESSAGE_TOOLS_BLOCK_ID);
    const filled = await clickStartFromLastUpdate(h, view);
    expect(messageBlock(filled).block_id).toBe('message:1');
    expect(element(messageBlock(filled)).initial_value).toBe('The previous public text: payments are slow in Europe.');

    // An incident picked in the form, in a channel not linked to it, offers it too.
    let picked = await openUpdateForm(h, 'C0NOTLINKED2');
    picked = await choosePost(h, picked, `incident:${h.pagerduty.seed!.incidentPostId}`);
    expect(JSON.stringify(blockOf(picked, (b) => b.block_id === MESSAGE_TOOLS_BLOCK_ID))).toContain('start_from_last_update');

    const other = await waitForBlock(h, (await openUpdateForm(h)).id, MESSAGE_TOOLS_BLOCK_ID);
    const offered = await clickStartFromLastUpdate(h, other, { [FORM_BLOCKS.message]: 'Typed first.' });
    expect(messageBlock(offered).block_id).toBe('message');
    expect(blockOf(offered, (b) => b.block_id === MESSAGE_OFFER_BLOCK_ID)?.text?.text).toBe(
      'The previous public text: payments are slow in Europe.',
    );
  });

  it('drafts an update from a message: the linked incident’s form, or the create form in an unlinked channel', async () => {
    const seed = h.pagerduty.seed!;
    await linkIncident();
    const linked = await draftFromMessage(h, 'Checkout &amp; payments are back &lt;for most&gt; customers');
    expect(linked.title?.text).toBe('Status update');
    expect(element(messageBlock(linked)).initial_value).toBe('Checkout & payments are back <for most> customers');
    expect(
      element(blockOf(linked, (b) => b.block_id === FORM_BLOCKS.post)).initial_option?.value ?? JSON.stringify(linked.private_metadata),
    ).toContain(seed.incidentPostId);
    // Nothing is published until the form is submitted.
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;

    const unlinked = await draftFromMessage(h, 'We see *errors* on <https://example.com/checkout|checkout>', {
      id: 'C0UNLINKED1',
      name: 'elsewhere',
    });
    expect(unlinked.title?.text).toBe('New incident');
    expect(element(messageBlock(unlinked)).initial_value).toBe('We see *errors* on <https://example.com/checkout|checkout>');
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before);

    // Longer than an update may be: the beginning, and a word on why.
    const long = await draftFromMessage(h, 'x'.repeat(3500));
    expect(element(messageBlock(long)).initial_value).toHaveLength(3000);
    expect(JSON.stringify(long.blocks)).toContain('only its beginning is in the form');
  });
});

describe.each([
  ['DevHelm', { devhelm: true, pagerdutyConfigured: false }, 'IDENTIFIED'],
  ['Statuspage', { statuspage: true, pagerdutyConfigured: false }, 'identified'],
] as const)('a template sets the status on %s', (_name, options, identified) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(options);
  });
  afterEach(() => {
    expect(h.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('to the page’s status that reads as the template’s stage', async () => {
    const incidentId = h.devhelm?.seed?.incidentId ?? h.statuspage!.seed!.incidentId;
    const opened = await openUpdateForm(h);
    const view = await choosePost(h, await waitForBlock(h, opened.id, FORM_BLOCKS.post), `incident:${incidentId}`);
    const filled = await chooseTemplate(h, await waitForBlock(h, view.id, MESSAGE_TOOLS_BLOCK_ID), 'Identified');
    expect(statusPicked(filled)).toBe(identified);
    expect(element(messageBlock(filled)).initial_value).toMatch(/identified the cause/i);
  });
});

describe('Draft status update, for someone who may not publish', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ publishers: '@sre' });
    h.slack.addUsergroup({ id: 'S0SRE00001', handle: 'sre', name: 'SRE', users: ['U0SOMEONEELSE'] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is told so, privately, and no form opens', async () => {
    const since = h.slack.calls.length;
    const responseUrl = await useDraftShortcut(h, 'Checkout is down');
    await waitUntil(() => h.slack.responses(responseUrl).length > 0, 5000, 'the refusal on the shortcut’s response_url');
    expect(h.slack.responses(responseUrl)).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: expect.stringContaining('Only members of @sre can publish') }),
    ]);
    expect(h.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(false);
  });
});
