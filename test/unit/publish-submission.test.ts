import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { ProviderError, type ProviderErrorKind } from '../../src/providers/provider-error.js';
import type { OpenedPost } from '../../src/providers/opening.js';
import type { Post, PostOptions, Provider, PublishRequest, TimelineEntry } from '../../src/providers/provider.js';
import { publishSubmission, type OutcomeNotifier, type PublishDependencies } from '../../src/publishing/publish-submission.js';
import { LeaseError } from '../../src/publishing/lease.js';
import { openStore } from '../../src/store/open-store.js';
import type { SubmissionStore } from '../../src/store/submission-store.js';
import { draft, newSubmission } from '../support/store-fixtures.js';
import type { Submission } from '../../src/updates/submission.js';
import { slackTextToMarkdown } from '../../src/text/slack-text-to-markdown.js';

// The publishing decisions, one by one, against a provider that does exactly what each test scripts and a
// real (SQLite) store: when to read the timeline, when to send again, when to give up, and that a
// publisher who lost its lease never sends.

const notScripted = <T>(): Promise<T> => Promise.reject(new Error('opening a post is not scripted here'));

type Step = 'ok' | 'stored-then' | ProviderErrorKind;

/** A provider whose sends and timeline reads follow a script; it keeps a timeline of what "landed". */
class ScriptedProvider implements Provider {
  readonly id = 'pagerduty' as const;
  readonly name = 'PagerDuty';
  readonly capabilities = { severity: true, nextUpdate: true, reportedAt: true };
  readonly timeline: TimelineEntry[] = [];
  sends = 0;
  reads = 0;
  beforeRead: () => Promise<void> = async () => undefined;
  sendTakesMs = 0;

  constructor(
    /** One per send: 'ok' lands and answers; 'stored-then' + the next step: lands, then fails as that step. */
    private readonly sendScript: Step[],
    private readonly readScript: Array<'ok' | ProviderErrorKind> = [],
  ) {}

  listPages = async () => [];
  listOpenPosts = async () => [];
  loadPostOptions = async () => ({ statuses: [], severities: [], impacts: [], components: [] });
  renderMessage = (message: string) => `<p>${message}</p>`;
  // Opening posts is not what these tests script: any call to it is a test bug.
  readonly opening = {
    titleMaxLength: 128,
    maintenanceStatuses: true,
    automaticStart: false,
    automaticCompletion: false,
    componentsToMaintenance: false,
  };
  loadOpenOptions = () => notScripted<PostOptions>();
  openPost = () => notScripted<OpenedPost>();
  findOpenedPost = () => notScripted<OpenedPost | null>();
  extendWindow = () => notScripted<void>();
  publishDraft = () => notScripted<Post>();

  async publishUpdate(request: PublishRequest): Promise<TimelineEntry> {
    this.sends += 1;
    if (this.sendTakesMs > 0) await new Promise((resolve) => setTimeout(resolve, this.sendTakesMs));
    const step = this.sendScript.shift() ?? 'ok';
    if (step === 'stored-then') {
      this.land(request);
      const then = this.sendScript.shift() ?? 'ambiguous';
      if (then === 'ok' || then === 'stored-then') throw new Error('script: "stored-then" must be followed by a failure');
      throw new ProviderError(`scripted ${then}`, { provider: 'pagerduty', kind: then });
    }
    if (step !== 'ok') throw new ProviderError(`scripted ${step}`, { provider: 'pagerduty', kind: step, status: 500 });
    return this.land(request);
  }

  async listTimeline(): Promise<TimelineEntry[]> {
    await this.beforeRead();
    this.reads += 1;
    const step = this.readScript.shift() ?? 'ok';
    if (step !== 'ok') throw new ProviderError(`scripted read ${step}`, { provider: 'pagerduty', kind: step });
    return [...this.timeline];
  }

  private land(request: PublishRequest): TimelineEntry {
    const entry = {
      id: `E${this.timeline.length + 1}`,
      postId: request.postId,
      message: this.renderMessage(request.message),
      statusId: request.statusId,
      reportedAt: null,
    };
    this.timeline.push(entry);
    return entry;
  }
}

function recordingNotifier(): OutcomeNotifier & { told: string[] } {
  const told: string[] = [];
  return {
    told,
    deliverEcho: async (submission) => {
      told.push(`echo ${submission.id}`);
      return { state: 'posted', ts: '1.2' };
    },
    showPublished: async (submission) => void told.push(`published ${submission.id}`),
    showFailed: async (submission) => void told.push(`failed ${submission.id}: ${submission.failure?.kind}`),
  };
}

describe('publishSubmission', () => {
  let dataDir: string;
  let store: SubmissionStore;
  const logger = createLogger('silent');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-publish-'));
    store = (await openStore({ dataDir })).submissions;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function depsFor(
    provider: Provider,
    notifier = recordingNotifier(),
    on: SubmissionStore = store,
  ): PublishDependencies & { notifier: ReturnType<typeof recordingNotifier> } {
    return {
      submissions: on,
      catalog: new ProviderCatalog([provider]),
      notifier,
      logger,
      now: () => new Date(),
      leaseMs: 60_000,
      heartbeatMs: 10_000,
      settleMs: 1,
    };
  }
  async function saved(): Promise<Submission> {
    return (await store.saveSubmission(newSubmission({ draft: draft({ reportedAt: null }) }))).submission;
  }

  it('publishes, echoes, shows the result, and finishes', async () => {
    const provider = new ScriptedProvider(['ok']);
    const deps = depsFor(provider);
    const submission = await saved();
    await publishSubmission(deps, submission.id);
    expect(provider.sends).toBe(1);
    expect(provider.reads).toBe(0);
    expect(deps.notifier.told).toEqual([`echo ${submission.id}`, `published ${submission.id}`]);
    expect(await store.getSubmission(submission.id)).toMatchObject({
      state: 'published',
      entryId: 'E1',
      echoState: 'posted',
      notifiedAt: expect.any(Date),
      leaseOwner: null,
    });
  });

  it.each(['ambiguous', 'invalid_response'] as const)(
    '%s after the update landed: finds it on the timeline, never sends again',
    async (kind) => {
      const provider = new ScriptedProvider(['stored-then', kind]);
      const submission = await saved();
      await publishSubmission(depsFor(provider), submission.id);
      expect(provider.sends).toBe(1);
      expect(provider.timeline).toHaveLength(1);
      expect(await store.getSubmission(submission.id)).toMatchObject({ state: 'published', entryId: 'E1' });
    },
  );

  it('ambiguous and not on the timeline: sends again, at most three times in all, then says nothing was published', async () => {
    const provider = new ScriptedProvider(['ambiguous', 'ambiguous', 'invalid_response']);
    const deps = depsFor(provider);
    const submission = await saved();
    await publishSubmission(deps, submission.id);
    expect(provider.sends).toBe(3);
    expect(provider.timeline).toHaveLength(0);
    const failed = await store.getSubmission(submission.id);
    expect(failed).toMatchObject({ state: 'failed', failure: { kind: 'ambiguous' }, notifiedAt: expect.any(Date) });
    expect(failed?.failure?.message).toContain("it is not on the incident's timeline: nothing was published");
    expect(deps.notifier.told).toEqual([`failed ${submission.id}: ambiguous`]);
  });

  it('ambiguous and the timeline cannot be read: tells the author to check before publishing again', async () => {
    const provider = new ScriptedProvider(['ambiguous'], ['unavailable', 'invalid_response', 'unavailable', 'rate_limited', 'unavailable']);
    const submission = await saved();
    await publishSubmission(depsFor(provider), submission.id);
    expect(provider.sends).toBe(1);
    expect(provider.reads).toBe(5);
    expect((await store.getSubmission(submission.id))?.failure).toMatchObject({
      kind: 'unconfirmed',
      message: expect.stringContaining('Look at the status page before publishing again'),
    });
  });

  it('a timeline read that fails once is tried again', async () => {
    const provider = new ScriptedProvider(['stored-then', 'ambiguous'], ['unavailable']);
    const submission = await saved();
    await publishSubmission(depsFor(provider), submission.id);
    expect(provider.reads).toBe(2);
    expect(provider.sends).toBe(1);
    expect((await store.getSubmission(submission.id))?.state).toBe('published');
  });

  it.each(['rejected', 'unauthorized', 'not_found', 'rate_limited', 'unavailable'] as const)(
    '%s: fails at once, never sends again',
    async (kind) => {
      const provider = new ScriptedProvider([kind]);
      const submission = await saved();
      await publishSubmission(depsFor(provider), submission.id);
      expect(provider.sends).toBe(1);
      expect(provider.reads).toBe(0);
      expect(await store.getSubmission(submission.id)).toMatchObject({ state: 'failed', failure: { kind } });
    },
  );

  it('taking over from a publisher that died mid-send: reads the timeline first, and does not send what landed', async () => {
    const provider = new ScriptedProvider([]);
    const submission = await saved();
    // The dead publisher's claim, and its send that landed before it could record it.
    const other = (await openStore({ dataDir })).submissions;
    await other.claimSubmission(submission.id, 1, new Date(Date.now() - 1000));
    await other.close();
    provider.timeline.push({
      id: 'E-dead',
      postId: submission.draft.post.id,
      // What the provider got: the typed text converted once to markdown, rendered its way.
      message: provider.renderMessage(slackTextToMarkdown(submission.draft.message)),
      statusId: submission.draft.status.id,
      reportedAt: null,
    });

    await publishSubmission(depsFor(provider), submission.id);
    expect(provider.reads).toBe(1);
    expect(provider.sends).toBe(0);
    expect(await store.getSubmission(submission.id)).toMatchObject({ state: 'published', entryId: 'E-dead', attemptCount: 2 });
  });

  it('a publisher whose lease was taken over stops before sending again, and leaves the submission to the new holder', async () => {
    const provider = new ScriptedProvider(['ambiguous']);
    const submission = await saved();
    const other = (await openStore({ dataDir })).submissions;
    try {
      // While the first publisher reads the timeline after its unclear send, its lease lapses (a long stall,
      // say) and another publisher takes the submission over.
      provider.beforeRead = async () => {
        await other.claimSubmission(submission.id, 60_000, new Date(Date.now() + 120_000));
      };
      await expect(publishSubmission(depsFor(provider), submission.id)).rejects.toBeInstanceOf(LeaseError);
      expect(provider.sends).toBe(1);
      expect(await store.getSubmission(submission.id)).toMatchObject({ state: 'publishing', leaseOwner: other.ownerId, notifiedAt: null });
    } finally {
      await other.close();
    }
  });

  it('keeps its lease alive while a send takes longer than the lease itself', async () => {
    const provider = new ScriptedProvider(['ok']);
    provider.sendTakesMs = 2000;
    const submission = await saved();
    const other = (await openStore({ dataDir })).submissions;
    try {
      const publishing = publishSubmission({ ...depsFor(provider), leaseMs: 1000, heartbeatMs: 100 }, submission.id);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // well past the first lease's end
      expect(await other.claimSubmission(submission.id, 60_000)).toBeNull();
      await publishing;
      expect(provider.sends).toBe(1);
      expect((await store.getSubmission(submission.id))?.state).toBe('published');
    } finally {
      await other.close();
    }
  });

  it('a submission for a provider this Herald does not have fails, saying so', async () => {
    const submission = (await store.saveSubmission(newSubmission({ draft: draft({ provider: 'statuspage', reportedAt: null }) })))
      .submission;
    await publishSubmission(depsFor(new ScriptedProvider([])), submission.id);
    expect(await store.getSubmission(submission.id)).toMatchObject({
      state: 'failed',
      failure: { kind: 'not_configured', message: expect.stringContaining('statuspage status page is not configured') },
    });
  });

  it('Slack failing after the publish leaves the author to be told later, without publishing again', async () => {
    const provider = new ScriptedProvider(['ok']);
    const notifier = recordingNotifier();
    const deliverEcho = notifier.deliverEcho;
    notifier.deliverEcho = async () => {
      throw new Error('slack is down');
    };
    const submission = await saved();
    await expect(publishSubmission(depsFor(provider, notifier), submission.id)).rejects.toThrow('slack is down');
    expect(await store.getSubmission(submission.id)).toMatchObject({
      state: 'published',
      echoState: 'pending',
      notifiedAt: null,
      leaseOwner: store.ownerId,
    });

    notifier.deliverEcho = deliverEcho;
    await publishSubmission(depsFor(provider, notifier), submission.id);
    expect(provider.sends).toBe(1);
    expect(notifier.told).toEqual([`echo ${submission.id}`, `published ${submission.id}`]);
    expect((await store.getSubmission(submission.id))?.notifiedAt).toEqual(expect.any(Date));
  });

  it('a finished submission is left alone', async () => {
    const provider = new ScriptedProvider(['ok']);
    const submission = await saved();
    await publishSubmission(depsFor(provider), submission.id);
    const notifier = recordingNotifier();
    await publishSubmission(depsFor(provider, notifier), submission.id);
    expect(provider.sends).toBe(1);
    expect(notifier.told).toEqual([]);
  });
});
