import { FAKE_USER, FAKE_WORKSPACE } from '../fakes/fake-slack.js';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import type { PayloadUser } from '../support/slack-payloads.js';
import { currentView } from '../support/update-form-driver.js';
import { clickAdd, clickOnTemplate, listedNames, openList, openTemplateList, preview, submit } from '../support/template-modal-driver.js';
import { TEMPLATE_FORM_BLOCKS as B } from '../../src/slack/templates/template-ids.js';

// `/status-update templates` over signed HTTP against the real app and the fake Slack: the list with Herald's
// defaults, adding, previewing, editing and deleting, Liquid refused with the line and the name of what is
// wrong, and HERALD_PUBLISHERS deciding who may manage them.

const OUTSIDER: PayloadUser = { id: 'U0OUTSIDER', username: 'outsider', name: 'outsider', team_id: FAKE_WORKSPACE.teamId };
const REFUSAL = 'Only members of @sre can manage update templates. Ask one of them, or ask an admin to add you.';

const DEFAULT_NAMES = [
  'Identified',
  'Investigating',
  'Maintenance completed',
  'Maintenance in progress',
  'Maintenance scheduled',
  'Maintenance verifying',
  'Monitoring',
  'Resolved',
];

/** Waits until Herald refreshes the list under the modal just closed, and returns it. */
async function refreshedList(h: Harness, list: StoredView, since: number): Promise<StoredView> {
  await h.slack.waitFor((call) => call.method === 'views.update' && call.args.view_id === list.id, { since });
  return currentView(h, list.id);
}

const previewText = (form: StoredView) =>
  (form.blocks as { block_id?: string; text?: { text: string } }[]).find((block) => block.block_id === B.preview)?.text?.text;

describe.each(['sqlite', 'postgres'] as const)('update templates, managed in Slack, on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ publishers: '@sre', engine });
    h.slack.addUsergroup({ id: 'S0SRE00001', handle: 'sre', name: 'SRE', users: [FAKE_USER.id] });
  });
  afterEach(() => {
    // Every view Herald opened, pushed or updated is one Slack accepts.
    expect(h.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists Herald’s defaults the first time, one per stage', async () => {
    const list = await openList(h);
    expect(listedNames(list)).toEqual(DEFAULT_NAMES);
    expect(JSON.stringify(list.blocks)).toContain('We are investigating reports of a problem affecting some of our services.');
    expect(h.slack.violations).toEqual([]);
  });

  it('adds a template, with a live preview against the sample incident first', async () => {
    const list = await openList(h);
    const form = await clickAdd(h, list);
    expect(JSON.stringify(form.blocks)).toContain('`next_update`');
    const typed = {
      [B.name]: 'Payments degraded',
      [B.stage]: 'identified',
      [B.title]: '{{ incident }}',
      [B.body]:
        'We found the cause of {{ incident | downcase }} on {{ page }}.\nAffected: {{ components }}.\nNext update {{ next_update.relative }} ({{ next_update | in_zone: "Europe/Paris" }}). <!channel>',
    };
    const previewed = await preview(h, form, typed);
    expect(previewText(previewed)).toMatch(
      /^Elevated error rates on checkout\n\nWe found the cause of elevated error rates on checkout on Acme Status\.\nAffected: Checkout API \(partial outage\), Dashboard \(degraded performance\)\.\nNext update in 30 minutes \(\w{3} \d{1,2} \w{3}, \d{2}:\d{2} (CET|CEST|GMT\+\d)\)\. !channel>$/,
    );
    // What was typed is still there after the preview.
    expect(JSON.stringify(previewed.blocks)).toContain('We found the cause of {{ incident | downcase }}');

    const since = h.slack.calls.length;
    expect(await submit(h, previewed, typed)).toEqual({});
    const refreshed = await refreshedList(h, list, since);
    expect(listedNames(refreshed)).toContain('Payments degraded');
    const saved = (await h.stores.templates.list(FAKE_WORKSPACE.teamId)).find((template) => template.name === 'Payments degraded');
    expect(saved).toMatchObject({ stage: 'identified', title: '{{ incident }}', body: typed[B.body] });
  });

  it('refuses an unknown variable under the message, naming it and its line, and stores nothing', async () => {
    const form = await clickAdd(h, await openList(h));
    const ack = await submit(h, form, { [B.name]: 'Typo', [B.stage]: 'monitoring', [B.body]: 'Fixed.\n\nThanks, {{ autor }}' });
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [B.body]: 'Line 3: unknown variable `autor` (the variables are incident, page, status, components, next_update, author)' },
    });
    const previewed = await preview(h, form, { [B.name]: 'Typo', [B.stage]: 'monitoring', [B.body]: 'Fixed.\n\nThanks, {{ autor }}' });
    expect(previewText(previewed)).toContain('Line 3: unknown variable `autor`');
    expect((await h.stores.templates.list(FAKE_WORKSPACE.teamId)).map((template) => template.name)).not.toContain('Typo');
  });

  it('refuses a syntax error with its line, in the title and the message alike', async () => {
    const form = await clickAdd(h, await openList(h));
    const ack = await submit(h, form, {
      [B.name]: 'Broken',
      [B.stage]: 'investigating',
      [B.title]: '{{ incident',
      [B.body]: 'Looking into it.\n{% if next_update %}Next {{ next_update }}',
    });
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [B.title]: 'Line 1: output "{{ incident" not closed', [B.body]: 'Line 2: tag {% if next_update %} not closed' },
    });
  });

  it('edits a template: the form opens with it, and the list shows the change', async () => {
    const list = await openList(h);
    const form = await clickOnTemplate(h, list, 'Monitoring', 'edit');
    expect(JSON.stringify(form.blocks)).toContain('A fix has been applied and service is recovering.');
    const since = h.slack.calls.length;
    expect(await submit(h, form, { [B.name]: 'Monitoring the fix', [B.body]: 'A fix is live; we are watching {{ components }}.' })).toEqual(
      {},
    );
    const refreshed = await refreshedList(h, list, since);
    expect(listedNames(refreshed)).toContain('Monitoring the fix');
    expect(listedNames(refreshed)).not.toContain('Monitoring');
    const edited = (await h.stores.templates.list(FAKE_WORKSPACE.teamId)).find((template) => template.name === 'Monitoring the fix');
    expect(edited).toMatchObject({
      stage: 'monitoring',
      body: 'A fix is live; we are watching {{ components }}.',
      defaultKey: 'incident-monitoring',
    });
  });

  it('refuses a name another template has', async () => {
    const form = await clickAdd(h, await openList(h));
    const ack = await submit(h, form, { [B.name]: 'resolved', [B.stage]: 'resolved', [B.body]: 'Done.' });
    expect(ack).toEqual({ response_action: 'errors', errors: { [B.name]: 'Another template has this name. Choose another one.' } });
  });

  it('deletes a template after asking, and a deleted default does not come back', async () => {
    const list = await openList(h);
    const confirm = await clickOnTemplate(h, list, 'Resolved', 'delete');
    expect(JSON.stringify(confirm.blocks)).toContain('It is one of Herald’s defaults: it will not come back.');
    const since = h.slack.calls.length;
    expect(await submit(h, confirm, {})).toEqual({});
    expect(listedNames(await refreshedList(h, list, since))).not.toContain('Resolved');
    // Listing again seeds the defaults again: not the deleted one.
    expect(listedNames(await openList(h))).not.toContain('Resolved');
  });

  it('someone who may not publish may not manage templates: not the list, not a forged save or delete', async () => {
    const opened = await openTemplateList(h, OUTSIDER.id);
    expect(opened).toEqual({ said: REFUSAL });

    // Forged: a form submitted as the outsider.
    const list = await openList(h);
    const form = await clickAdd(h, list);
    const ack = await submit(h, form, { [B.name]: 'Sneaky', [B.stage]: 'resolved', [B.body]: 'All good.' }, OUTSIDER);
    expect(ack).toEqual({ response_action: 'errors', errors: { [B.name]: REFUSAL } });
    const confirm = await clickOnTemplate(h, list, 'Identified', 'delete');
    const refused = await submit(h, confirm, {}, OUTSIDER);
    expect(refused).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(refused.view)).toContain(REFUSAL);
    const names = (await h.stores.templates.list(FAKE_WORKSPACE.teamId)).map((template) => template.name);
    expect(names).toContain('Identified');
    expect(names).not.toContain('Sneaky');
  });

  it('`/status-update help` names the templates command', async () => {
    const answer = await h.requester.command({ text: 'help' });
    expect(JSON.stringify(answer.json)).toContain('/status-update templates');
  });
});
