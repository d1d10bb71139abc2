// Faults a test queues for a method; each matching call takes one, in order.

export type Fault =
  /**
   * 200 `{ok:false, error}`, as Slack reports failures; `ratelimited` is answered as Slack does,
   * with 429 and `Retry-After` (`retryAfter` seconds, default 1).
   */
  | { error: string; retryAfter?: number; latencyMs?: number }
  /** A bare HTTP error status (for example 500 or 503) with a plain text body. */
  | { status: number; latencyMs?: number }
  /** The call is answered normally, only later. */
  | { latencyMs: number };

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private readonly queues = new Map<string, QueuedFault[]>();
  /** While set, every call gets this fault, queued ones or not: Slack down, or hanging. */
  private outage: Fault | undefined;

  setOutage(fault: Fault | undefined): void {
    this.outage = fault;
  }

  add(method: string, fault: Fault, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`fake Slack: inject times must be a positive integer, got ${times}`);
    const queue = this.queues.get(method) ?? [];
    queue.push({ fault, remaining: times });
    this.queues.set(method, queue);
  }

  take(method: string): Fault | undefined {
    if (this.outage !== undefined) return this.outage;
    const queue = this.queues.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) queue.shift();
    return head.fault;
  }

  clear(): void {
    this.outage = undefined;
    this.queues.clear();
  }
}
