import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  INCIDENT_OPTIONS_STEP,
  OPEN_INCIDENT_STEP,
  PAGE_OPTIONS_STEP,
  POST_UPDATE_STEP,
  STATUS_OPTIONS_STEP,
} from '../../src/slack/listeners/functions/step-ids.js';
import type { FakeFault } from '../fakes/fake-pagerduty.js';
import { FAKE_CHANNEL, FAKE_USER, type FunctionExecution } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';

// Herald's Workflow Builder steps over signed HTTP: the fake Slack delivers `function_executed` events (with a
// workflow token of their own) and takes the step's completion, refusing outputs the manifest does not declare;
// the fake PagerDuty takes what is published. Both steps: published with their outputs, refused by the page in
// the page's own words, and the same execution delivered twice published once.

const pagerDutyError = (status: number, message: string, errors: string[] = []): FakeFault => ({
  status,
  body: { error: { code: 2001, message, errors } },
});

/** The step's execution once Herald has ended it, or the test's timeout. */
async function ended(h: Harness, executionId: string): Promise<FunctionExecution> {
  await h.slack.waitFor(
    (call) =>
      (call.method === 'functions.completeSuccess' || call.method === 'functions.completeError') &&
      call.args.function_execution_id === executionId &&
      call.response?.ok === true,
    { timeoutMs: 10_000 },
  );
  return h.slack.functions.get(executionId)!;
}

/** A picker's list as Workflow Builder gets it: the options function run, answered before its event is acknowledged. */
async function pickerOptions(h: Harness, callbackId: string, inputs: Record<string, unknown>): Promise<{ label: string; value: string }[]> {
  const event = h.slack.functions.deliver(callbackId, inputs);
  const executionId = (event.event as { function_execution_id: string }).function_execution_id;
  const answer = await h.requester.raw({ contentType: 'application/json', body: JSON.stringify(event) });
  expect(answer.status).toBe(200);
  // Completed by the time Slack has its answer: Workflow Builder shows the list at once.
  const execution = h.slack.functions.get(executionId)!;
  expect(execution.state).toBe('completed');
  return (execution.outputs!.options as { text: { text: string }; value: string }[]).map((option) => ({
    label: option.text.text,
    value: option.value,
  }));
}

/** Slack delivering one run of a step: the signed event, `times` times at once (Slack's retries). */
async function runStep(h: Harness, callbackId: string, inputs: Record<string, unknown>, times = 1): Promise<string> {
  const event = h.slack.functions.deliver(callbackId, { channel: FAKE_CHANNEL.id, user: FAKE_USER.id, ...inputs });
  const body = JSON.stringify(event);
  const answers = await Promise.all(
    Array.from({ length: times }, (_, attempt) =>
      h.requester.raw({
        contentType: 'application/json',
        body,
        // Slack signs each retry afresh: the same signature twice is a replay, and Herald refuses those.
        timestamp: Math.floor(Date.now() / 1000) - attempt,
        ...(attempt > 0 ? { headers: { 'x-slack-retry-num': String(attempt), 'x-slack-retry-reason': 'http_timeout' } } : {}),
      }),
    ),
  );
  for (const answer of answers) expect(answer.status).toBe(200);
  return (event.event as { function_execution_id: string }).function_execution_id;
}

describe('Workflow Builder steps', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('fills the pickers: the pages, a page’s open incidents, and the statuses for one of them or for a new incident', async () => {
    const seed = h.pagerduty.seed!;
    const page = `pagerduty:${seed.pageId}`;
    expect(await pickerOptions(h, PAGE_OPTIONS_STEP, {})).toContainEqual({ label: 'Acme Status (PagerDuty)', value: page });
    const incidents = await pickerOptions(h, INCIDENT_OPTIONS_STEP, { page });
    expect(incidents).toContainEqual({ label: 'Elevated API errors', value: seed.incidentPostId });
    expect(incidents).toContainEqual({ label: 'Database upgrade (maintenance)', value: seed.maintenancePostId });
    expect(incidents.map((option) => option.value)).not.toContain(seed.resolvedPostId);
    const maintenanceStatuses = await pickerOptions(h, STATUS_OPTIONS_STEP, { page, incident: seed.maintenancePostId });
    expect(maintenanceStatuses.map((option) => option.value)).toEqual(Object.values(seed.statuses.maintenance));
    const newIncidentStatuses = await pickerOptions(h, STATUS_OPTIONS_STEP, { page });
    expect(newIncidentStatuses.map((option) => option.label)).toContain('investigating');
    // A page the builder has not chosen yet, or that is gone: an empty list, not an error.
    expect(await pickerOptions(h, INCIDENT_OPTIONS_STEP, { page: 'pagerduty:PGONE' })).toEqual([]);
  });

  it('publishes what the pickers offered: their values are what the step reads back', async () => {
    const seed = h.pagerduty.seed!;
    const executionId = await runStep(h, POST_UPDATE_STEP, {
      page: `pagerduty:${seed.pageId}`,
      incident: seed.incidentPostId,
      status: seed.statuses.incident.monitoring,
      message: 'A fix is deployed; we are watching error rates.',
      notify: false,
    });
    const execution = await ended(h, executionId);
    expect(execution.state).toBe('completed');
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId).at(-1)).toMatchObject({ statusId: seed.statuses.incident.monitoring });
  });

  describe('"Post a status page update"', () => {
    const inputs = (message: string) => ({
      page: 'Acme Status',
      incident: 'Elevated API errors',
      status: 'Identified',
      message,
      notify: true,
    });

    it('publishes the update, echoes it into the channel, and completes with its id and link', async () => {
      const seed = h.pagerduty.seed!;
      const executionId = await runStep(h, POST_UPDATE_STEP, inputs('We found the faulty deploy and are rolling it back.'));

      const execution = await ended(h, executionId);
      expect(execution.state).toBe('completed');
      const published = h.pagerduty.state.updatesOf(seed.incidentPostId).at(-1)!;
      expect(published.message).toContain('We found the faulty deploy');
      expect(published.statusId).toBe(seed.statuses.incident.identified);
      expect(published.notifySubscribers).toBe(true);
      expect(execution.outputs).toEqual({ update_id: published.id, update_link: expect.stringContaining('https://') });
      const echo = await h.slack.waitFor(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.args.channel === FAKE_CHANNEL.id &&
          JSON.stringify(call.args).includes('We found the faulty deploy'),
        { timeoutMs: 5_000 },
      );
      expect(echo.response).toMatchObject({ ok: true, channel: FAKE_CHANNEL.id });
      // The workflow token Slack hands over with the event is a secret like the bot token: never logged.
      expect(h.logs.join('\n')).not.toContain(execution.token);
    });

    it('fails the step with PagerDuty’s own words when the page refuses, and publishes nothing', async () => {
      const seed = h.pagerduty.seed!;
      const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
      h.pagerduty.inject({
        route: 'createPostUpdate',
        times: 1,
        fault: pagerDutyError(400, 'Invalid Input Provided', ['Status is not valid here']),
      });

      const execution = await ended(h, await runStep(h, POST_UPDATE_STEP, inputs('A refused update.')));

      expect(execution.state).toBe('failed');
      expect(execution.error).toMatch(/Invalid Input Provided.*Status is not valid here/);
      expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
      h.pagerduty.clearFaults();
    });

    it('refuses inputs that name nothing on the page, with the choices there are, before anything is stored', async () => {
      const execution = await ended(h, await runStep(h, POST_UPDATE_STEP, { ...inputs('Wrong status.'), status: 'Exploded' }));
      expect(execution.state).toBe('failed');
      expect(execution.error).toMatch(/No status “Exploded”.*investigating, identified, monitoring, resolved/);
    });

    it('publishes once when Slack delivers the same execution twice', async () => {
      const seed = h.pagerduty.seed!;
      const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
      const executionId = await runStep(h, POST_UPDATE_STEP, inputs('Delivered twice, published once.'), 2);

      const execution = await ended(h, executionId);
      await h.herald.publisher.idle();

      expect(execution.state).toBe('completed');
      const updates = h.pagerduty.state.updatesOf(seed.incidentPostId);
      expect(updates).toHaveLength(before + 1);
      expect(updates.filter((update) => update.message.includes('Delivered twice'))).toHaveLength(1);
      expect(execution.outputs?.update_id).toBe(updates.at(-1)!.id);
      const completions = h.slack.callsOf('functions.completeSuccess').filter((call) => call.args.function_execution_id === executionId);
      expect(completions.filter((call) => call.response?.ok === true)).toHaveLength(1);
    });
  });

  describe('"Open a status page incident"', () => {
    const inputs = (title: string) => ({
      page: 'Acme Status',
      title,
      status: 'investigating',
      impact: 'minor',
      message: 'Checkout is failing for some customers.',
      components: 'API = partial outage',
      notify: false,
    });
    const postsTitled = (h: Harness, title: string) =>
      h.pagerduty.state.postsOf(h.pagerduty.seed!.pageId).filter((post) => post.title === title);

    it('opens the incident and completes with its id and link', async () => {
      const executionId = await runStep(h, OPEN_INCIDENT_STEP, inputs('Checkout failures'));

      const execution = await ended(h, executionId);
      expect(execution.state).toBe('completed');
      const [opened] = postsTitled(h, 'Checkout failures');
      expect(opened).toBeDefined();
      expect(execution.outputs).toEqual({ incident_id: opened!.id, incident_link: expect.stringContaining('https://') });
      const [first] = h.pagerduty.state.updatesOf(opened!.id);
      expect(first!.severityId).toBe(h.pagerduty.seed!.severities.incident.minor);
      expect(first!.impactedServices).toContainEqual({
        serviceId: h.pagerduty.seed!.serviceIds[0],
        impactId: h.pagerduty.seed!.impacts.incident.partialOutage,
      });
    });

    it('fails the step with PagerDuty’s own words when the page refuses, and opens nothing', async () => {
      h.pagerduty.inject({ route: 'createPost', times: 1, fault: pagerDutyError(400, 'Invalid Input Provided', ['Title is reserved']) });

      const execution = await ended(h, await runStep(h, OPEN_INCIDENT_STEP, inputs('Refused opening')));

      expect(execution.state).toBe('failed');
      expect(execution.error).toMatch(/Invalid Input Provided.*Title is reserved/);
      expect(postsTitled(h, 'Refused opening')).toHaveLength(0);
      h.pagerduty.clearFaults();
    });

    it('opens once when Slack delivers the same execution twice', async () => {
      const executionId = await runStep(h, OPEN_INCIDENT_STEP, inputs('Opened once'), 2);

      const execution = await ended(h, executionId);
      await h.herald.publisher.idle();

      expect(execution.state).toBe('completed');
      expect(postsTitled(h, 'Opened once')).toHaveLength(1);
      expect(execution.outputs?.incident_id).toBe(postsTitled(h, 'Opened once')[0]!.id);
    });
  });

  describe('on DevHelm and Statuspage', () => {
    let other: Harness;
    beforeAll(async () => {
      other = await startHarness({
        channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
        pagerdutyConfigured: false,
        devhelm: true,
        statuspage: true,
      });
    });
    afterAll(async () => {
      await other.close();
    });

    it('posts an update to a Statuspage incident, the page named by provider:id', async () => {
      const seed = other.statuspage!.seed!;
      const executionId = await runStep(other, POST_UPDATE_STEP, {
        page: `statuspage:${seed.pageId}`,
        incident: 'Login failures',
        status: 'identified',
        message: 'The login service is being restarted.',
        notify: false,
      });

      const execution = await ended(other, executionId);
      expect(execution.state).toBe('completed');
      const incident = other.statuspage!.state.incidents.get(seed.incidentId)!;
      expect(incident.status).toBe('identified');
      const update = incident.updates.at(-1)!;
      expect(JSON.stringify(update)).toContain('The login service is being restarted.');
      expect(execution.outputs).toEqual({ update_id: update.id, update_link: expect.stringContaining('https://') });
      expect(other.statuspage!.violations).toEqual([]);
    });

    it('opens a DevHelm incident with its impact and a component’s state', async () => {
      const seed = other.devhelm!.seed!;
      const executionId = await runStep(other, OPEN_INCIDENT_STEP, {
        page: 'Acme Cloud',
        title: 'Webhooks delayed',
        status: 'investigating',
        impact: 'major',
        message: 'Webhooks are arriving late.',
        components: 'Webhooks = degraded performance',
        notify: false,
      });

      const execution = await ended(other, executionId);
      expect(execution.error).toBeUndefined();
      const opened = [...other.devhelm!.state.incidents.values()].find((incident) => incident.title === 'Webhooks delayed')!;
      expect(opened).toMatchObject({ pageId: seed.pageId, impact: 'MAJOR', status: 'INVESTIGATING' });
      // The page has no public address: the link output, which the manifest does not require, is left out.
      expect(execution.outputs).toEqual({ incident_id: opened.id });
      expect(other.devhelm!.violations).toEqual([]);
    });
  });

  describe('with HERALD_PUBLISHERS', () => {
    let restricted: Harness;
    beforeAll(async () => {
      restricted = await startHarness({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }], publishers: '@incident-commanders' });
      restricted.slack.addUsergroup({
        id: 'S0COMMAND1',
        handle: 'incident-commanders',
        name: 'Incident commanders',
        users: ['U0COMMANDER'],
      });
      restricted.slack.addUser({ id: 'U0COMMANDER', name: 'commander' });
    });
    afterAll(async () => {
      await restricted.close();
    });

    const inputs = (message: string, user: string) => ({
      page: 'Acme Status',
      incident: 'Elevated API errors',
      status: 'monitoring',
      message,
      notify: false,
      user,
    });

    it('fails a step posted as someone outside the groups, and publishes nothing', async () => {
      const seed = restricted.pagerduty.seed!;
      const before = restricted.pagerduty.state.updatesOf(seed.incidentPostId).length;

      const execution = await ended(restricted, await runStep(restricted, POST_UPDATE_STEP, inputs('Not a publisher.', FAKE_USER.id)));

      expect(execution.state).toBe('failed');
      expect(execution.error).toMatch(/Only members of @incident-commanders can publish status updates/);
      expect(restricted.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
    });

    it('publishes a step posted as a member', async () => {
      const execution = await ended(restricted, await runStep(restricted, POST_UPDATE_STEP, inputs('A publisher.', 'U0COMMANDER')));
      expect(execution.state).toBe('completed');
    });
  });
});
