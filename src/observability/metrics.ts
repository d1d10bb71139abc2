import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Herald's Prometheus metrics. One registry per app instance, never prom-client's global one, so that
// several apps in one process (the tests) each count their own. Label values come from closed sets
// (provider ids, failure kinds, HTTP methods): no user input becomes a label.

export interface MetricsOptions {
  /** Also export the process's own metrics (CPU, memory, event loop lag): for the real process only. */
  processMetrics?: boolean;
}

export type SlackTransport = 'http' | 'socket';
export type ProviderReadOperation = 'list_pages' | 'list_open_posts' | 'load_post_options' | 'load_open_options';

export interface HeraldMetrics {
  readonly registry: Registry;
  /** One update published (`provider`: its id). */
  published(provider: string): void;
  /** One update that failed to publish; `reason` is the failure kind (rate_limited, unconfirmed, ...). */
  failed(provider: string, reason: string): void;
  /** One HTTP exchange with a provider, whichever way it ended. */
  providerRequest(provider: string, operation: string, outcome: string, seconds: number): void;
  /** From a Slack request's arrival to the answer that acknowledges it; `status`: the HTTP status, or "acked" in Socket Mode. */
  slackAcknowledged(status: number | 'acked', seconds: number, mode?: SlackTransport): void;
  /** One read the form waits on (a catalog list or load that missed the cache), whichever way it ended. */
  providerRead(provider: string, operation: ProviderReadOperation, outcome: 'ok' | 'error', seconds: number): void;
  /** A reminder posted to its channel, `seconds` after it was due. */
  reminderSent(lateBySeconds: number): void;
  /** Read on every scrape: submissions waiting to be published or for their author to be told. */
  countUnfinishedWith(count: () => Promise<number>): void;
  /** The exposition text and its content type, for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(options: MetricsOptions = {}): HeraldMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'herald_' });

  const published = new Counter({
    name: 'herald_updates_published_total',
    help: 'Status updates published, by provider.',
    labelNames: ['provider'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'herald_updates_failed_total',
    help: 'Status updates that could not be published, by provider and reason.',
    labelNames: ['provider', 'reason'] as const,
    registers: [registry],
  });
  const providerLatency = new Histogram({
    name: 'herald_provider_request_duration_seconds',
    help: 'Duration of HTTP requests to status page providers, by provider, operation (HTTP method) and outcome.',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const slackAck = new Histogram({
    name: 'herald_slack_ack_duration_seconds',
    help: 'Time from a Slack request arriving to Herald acknowledging it, by transport (http, socket) and answer (HTTP status; "acked" in Socket Mode). Slack gives up after 3 s.',
    labelNames: ['mode', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const providerReads = new Histogram({
    name: 'herald_provider_read_duration_seconds',
    help: 'Duration of the reads the update form waits on (pages, open posts, statuses and components), by provider, operation and outcome. Cache hits are not counted; one read may take several HTTP requests (pagination, retries).',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
    registers: [registry],
  });
  // Reminders are found by polling (every 30 s by default), so some lateness is normal; minutes of it mean a
  // worker is stuck or every replica is down.
  const reminderLag = new Histogram({
    name: 'herald_reminder_lag_seconds',
    help: 'How long after its due time a reminder was posted to its channel.',
    buckets: [1, 5, 15, 30, 45, 60, 120, 300, 900, 3600],
    registers: [registry],
  });
  let countUnfinished: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'herald_unfinished_submissions',
    help: 'Submissions waiting to be published, or published but their author not yet told.',
    registers: [registry],
    async collect() {
      if (countUnfinished) this.set(await countUnfinished());
    },
  });

  return {
    registry,
    published: (provider) => published.inc({ provider }),
    failed: (provider, reason) => failed.inc({ provider, reason }),
    providerRequest: (provider, operation, outcome, seconds) => providerLatency.observe({ provider, operation, outcome }, seconds),
    slackAcknowledged: (status, seconds, mode = 'http') => slackAck.observe({ mode, status: String(status) }, seconds),
    providerRead: (provider, operation, outcome, seconds) => providerReads.observe({ provider, operation, outcome }, seconds),
    reminderSent: (lateBySeconds) => reminderLag.observe(Math.max(0, lateBySeconds)),
    countUnfinishedWith(count) {
      countUnfinished = count;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
