// Slack shows its own vague error when an interaction is not answered within 3 seconds, and the person cannot
// tell whether anything happened. Work that may wait on a dependency (a database that stopped answering without
// closing its connections) is given less than that, and Herald answers in its own words when it runs over.

/** What is left of Slack's 3 seconds after the request's way in and the answer's way out. */
export const ANSWER_WITHIN_MS = 2_200;

/** `work`'s result, or `late()`'s once `ms` have passed first. `work` goes on either way. */
export async function beforeSlackGivesUp<T>(work: Promise<T>, late: () => T, ms = ANSWER_WITHIN_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
