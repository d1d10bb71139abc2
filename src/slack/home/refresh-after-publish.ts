import type { OutcomeNotifier } from '../../publishing/publish-submission.js';

// After each update Herald publishes, the Home tabs of those who opened theirs in the last hour are refreshed
// (home/home-viewers.ts paces them). The notifier is where the publisher says an update is out.

export function refreshHomeAfterPublish(notifier: OutcomeNotifier, refresh: () => void): OutcomeNotifier {
  return {
    deliverEcho: (submission) => notifier.deliverEcho(submission),
    showFailed: (submission) => notifier.showFailed(submission),
    async showPublished(submission, echo) {
      try {
        refresh();
      } catch {
        // A Home tab refresh never changes what the author is told.
      }
      return notifier.showPublished(submission, echo);
    },
  };
}
