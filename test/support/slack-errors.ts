/** The Slack error code a failed WebClient call carries; throws when the call succeeds or fails otherwise. */
export async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    if (data?.error !== undefined) return data.error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
