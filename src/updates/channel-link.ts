import type { PostKind, ProviderId } from '../providers/provider.js';

// A channel is about incidents: linked to at most one on each status page, so `/status-update` there opens on
// it and reminders and the live summary know where the channel stands.

export interface ChannelLink {
  channelId: string;
  provider: ProviderId;
  page: { id: string; name: string; url: string | null };
  post: { id: string; title: string; kind: PostKind; url: string | null };
  linkedBy: string;
  linkedAt: Date;
}

/** One status page of a channel's links: a channel has at most one link per page. */
export interface LinkedPage {
  provider: ProviderId;
  pageId: string;
}
