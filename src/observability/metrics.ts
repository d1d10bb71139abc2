import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Herald's Prometheus metrics. One registry per app instance, never prom-client's global one, so that
// several apps in one process (the tests) each count their own. Label values come from closed sets
// (provider ids, failure kinds, HTTP methods): no user input becomes a label.

export interface MetricsOptions {
  /** Also export the process's own metrics (CPU, memory, event loop lag): for the real process only. */
  processMetrics?: boolean;
}

export interface HeraldMetrics {
  readonly registry: Registry;
  /** One update published (`provider`: its id). */
  published(provider: string): void;
  /** One update that failed to publish; `reason` is the failure kind (rate_limited, unconfirmed, ...). */
  failed(provider: string, reason: string): void;
  /** One HTTP exchange with a provider, whichever way it ended. */
  providerRequest(provider: string, operation: string, outcome: string, seconds: number): void;
  /** From a Slack request's arrival to the answer that acknowledges it. */
  slackAcknowledged(status: number, seconds: number): void;
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
    help: 'Time from a Slack request arriving to Herald answering it (Slack gives up after 3 s).',
    labelNames: ['status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
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
    slackAcknowledged: (status, seconds) => slackAck.observe({ status: String(status) }, seconds),
    countUnfinishedWith(count) {
      countUnfinished = count;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
