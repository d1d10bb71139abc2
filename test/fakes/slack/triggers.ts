import { triggerId } from './ids.js';

// Slack's trigger_id works once, for 3 seconds. The clock is injectable so tests can cross the
// 3-second line without sleeping.

export const TRIGGER_LIFETIME_MS = 3000;

export type TriggerCheck = 'ok' | 'expired_trigger_id' | 'invalid_trigger_id';

export class TriggerRegistry {
  private readonly issuedAt = new Map<string, number>();
  private readonly used = new Set<string>();
  private readonly fromView = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  /** `fromViewId`: the modal the user acted in, which is where views.push stacks a view. */
  issue(fromViewId?: string): string {
    const id = triggerId();
    this.issuedAt.set(id, this.now());
    if (fromViewId !== undefined) this.fromView.set(id, fromViewId);
    return id;
  }

  originView(id: string): string | undefined {
    return this.fromView.get(id);
  }

  check(id: unknown): TriggerCheck {
    if (typeof id !== 'string') return 'invalid_trigger_id';
    const issued = this.issuedAt.get(id);
    if (issued === undefined) return 'invalid_trigger_id';
    if (this.used.has(id) || this.now() - issued > TRIGGER_LIFETIME_MS) return 'expired_trigger_id';
    return 'ok';
  }

  /** Called only once a view has really opened: a rejected view does not burn the trigger. */
  consume(id: string): void {
    this.used.add(id);
  }

  clear(): void {
    this.issuedAt.clear();
    this.used.clear();
    this.fromView.clear();
  }
}
