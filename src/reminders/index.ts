export { startReminders, DEFAULT_REMINDER_POLL_MS, type ReminderDeps, type ReminderWorker } from './reminder-worker.js';
export { reasonNotToRemind, type SkipReason } from './reminder-decision.js';
