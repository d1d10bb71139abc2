// What a status means, whatever the provider calls it. Statuses are each page's own records (PagerDuty's have
// opaque ids), so a final one is recognised by its name: resolved for an incident, completed for maintenance.

const FINAL_STATUS = /^(resolved|completed)$/i;

/** The status an update leaves its incident in is final: no update is due after it. */
export function isFinalStatus(status: { id: string; label: string }): boolean {
  return FINAL_STATUS.test(status.label.trim()) || FINAL_STATUS.test(status.id.trim());
}
