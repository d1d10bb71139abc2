import type { ProviderId } from '../providers/provider.js';
import type { ChannelStore } from '../store/channel-store.js';

// "Start from the last update": the incident's previous public text, as Herald published it. What the page shows
// may since have been edited by hand; the text the responders wrote last is the one they want to build on.

/** The message of the post's latest update published through Herald; null when Herald never published to it. */
export async function lastPublicMessage(
  channels: Pick<ChannelStore, 'latestPublished'>,
  post: { provider: ProviderId; pageId: string; postId: string },
): Promise<string | null> {
  const latest = await channels.latestPublished(post.provider, post.pageId, post.postId);
  return latest === null || latest.draft.message.trim() === '' ? null : latest.draft.message;
}

/** Whether Herald published an update to the post: the form then offers "Start from the last update". */
export async function hasPublicUpdate(
  channels: Pick<ChannelStore, 'latestPublished'>,
  post: { provider: ProviderId; pageId: string; postId: string },
): Promise<boolean> {
  return (await lastPublicMessage(channels, post)) !== null;
}
