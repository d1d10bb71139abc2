// Waiting on something outside the test's hands (another process, a worker's next poll), by looking again
// every `intervalMs` until it holds; the timeout's message says what never came, with `context` (such as a
// process's output) to show why.

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  context: () => string = () => '',
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\n${context().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
