import type { ActionsBlock, Button, HomeView, KnownBlock } from '@slack/types';
import type { HomeItem, HomeOverview, Unreadable } from '../../home/home-overview.js';
import { contextLine, header, mrkdwnSection, VIEW_MAX_BLOCKS } from '../../slack-kit/elements.js';
import { channelMention, escapeMrkdwn, mrkdwnLink, slackDate, truncate } from '../../slack-kit/mrkdwn.js';
import { encodeHomeButtonValue } from './home-button-value.js';
import { HOME_NEW_POST_ACTION, HOME_OPEN_CHANNEL_ACTION, HOME_POST_UPDATE_ACTION, HOME_RESOLVE_ACTION } from './home-ids.js';

// The Home tab: the overview (home/) as Block Kit, within Slack's 100 blocks. What does not fit is summarised
// in one block at the end, never dropped silently.

export interface HomeViewInput {
  overview: HomeOverview;
  now: Date;
  /** Whether this person may publish (HERALD_PUBLISHERS): without, the list shows no buttons. */
  canPublish: boolean;
  /** HERALD_PUBLISHERS is set. */
  publishingRestricted: boolean;
  /** The app's Messages tab with this person: where an update posted from here is echoed when no channel is linked. */
  messagesChannelId: string | null;
  /** Slack's team id, for the links that open a channel. */
  teamId: string | null;
}

/** Kept in the view's private_metadata: the Home tab's buttons need it back. */
export interface HomeViewMetadata {
  messagesChannelId: string | null;
}

export const HOME_CALLBACK_ID = 'herald_home';

export function buildHomeView(input: HomeViewInput): HomeView {
  const { overview } = input;
  const head: KnownBlock[] = [header('Status pages: updates due')];
  if (input.canPublish && input.messagesChannelId) head.push(newPostButton());
  if (overview.unreadable.length > 0) head.push(mrkdwnSection(unreadableText(overview.unreadable)));
  const footer: KnownBlock[] = [contextLine(footerText(input))];
  // One block for the "and N more" summary, kept free whenever anything may not fit.
  const itemBudget = VIEW_MAX_BLOCKS - head.length - footer.length - 2 /* section headings */ - 1;

  const body: KnownBlock[] = [];
  const left: HomeItem[] = [];
  let used = 0;
  const place = (blocks: KnownBlock[], item: HomeItem) => {
    if (left.length === 0 && used + blocks.length <= itemBudget) {
      body.push(...blocks);
      used += blocks.length;
    } else left.push(item);
  };

  if (overview.open.length === 0 && overview.upcoming.length === 0) {
    body.push(mrkdwnSection(nothingOpenText(overview)));
  }
  if (overview.open.length > 0) {
    const overdue = overview.open.filter((item) => item.overdue).length;
    body.push(mrkdwnSection(`*Open incidents and maintenance: ${overview.open.length}*${overdue > 0 ? ` (${overdue} overdue)` : ''}`));
    for (const item of overview.open) place(itemBlocks(item, input), item);
  }
  if (overview.upcoming.length > 0) {
    const heading = mrkdwnSection(`*Upcoming maintenance: ${overview.upcoming.length}*`);
    if (left.length === 0) body.push(heading);
    for (const item of overview.upcoming) place([mrkdwnSection(upcomingText(item))], item);
  }
  if (left.length > 0) body.push(mrkdwnSection(summaryText(left)));

  const metadata: HomeViewMetadata = { messagesChannelId: input.messagesChannelId };
  return {
    type: 'home',
    callback_id: HOME_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    blocks: [...head, ...body, ...footer],
  };
}

function itemBlocks(item: HomeItem, input: HomeViewInput): KnownBlock[] {
  const blocks: KnownBlock[] = [mrkdwnSection(itemText(item, input.now))];
  if (input.canPublish) blocks.push(itemButtons(item, input.teamId));
  return blocks;
}

function itemText(item: HomeItem, now: Date): string {
  const title = item.post.url ? mrkdwnLink(item.post.url, item.post.title) : escapeMrkdwn(item.post.title);
  const kind = item.post.kind === 'maintenance' ? 'Maintenance' : 'Incident';
  const mark = item.overdue ? ':rotating_light: *OVERDUE* ' : '';
  const where = `${kind} on ${escapeMrkdwn(item.page.name)} (${escapeMrkdwn(item.providerName)})${item.status ? ` · ${escapeMrkdwn(item.status)}` : ''}`;
  const channels = item.channelIds.length > 0 ? item.channelIds.map(channelMention).join(' ') : 'no linked channel';
  const last = item.lastUpdate
    ? `Last public update ${slackDate(item.lastUpdate.at)} ${item.lastUpdate.by === 'herald' ? 'through Herald' : 'on the page'}`
    : 'No public update known to Herald';
  const due = item.nextDueAt
    ? ` · next ${item.overdue ? 'was due' : 'due'} ${slackDate(item.nextDueAt)} (${relative(item.nextDueAt, now)})`
    : '';
  return truncate(`${mark}*${title}*\n${where} · ${channels}\n${last}${due}`, 3000);
}

function newPostButton(): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: HOME_NEW_POST_ACTION,
        style: 'primary',
        text: { type: 'plain_text', text: 'New incident or maintenance…' },
        value: 'new',
      },
    ],
  };
}

function itemButtons(item: HomeItem, teamId: string | null): ActionsBlock {
  const value = encodeHomeButtonValue({ provider: item.provider, pageId: item.page.id, postId: item.post.id });
  const buttons: Button[] = [
    { type: 'button', action_id: HOME_POST_UPDATE_ACTION, text: { type: 'plain_text', text: 'Post update' }, value },
    { type: 'button', action_id: HOME_RESOLVE_ACTION, text: { type: 'plain_text', text: 'Resolve' }, value },
  ];
  if (item.post.kind === 'incident' && item.overdue) buttons[0]!.style = 'primary';
  const channelId = item.channelIds[0];
  if (channelId) {
    buttons.push({
      type: 'button',
      action_id: HOME_OPEN_CHANNEL_ACTION,
      text: { type: 'plain_text', text: 'Open the channel' },
      url: channelUrl(channelId, teamId),
    });
  }
  return { type: 'actions', elements: buttons };
}

/** Slack's own redirect, which opens the channel in the app or the browser. */
function channelUrl(channelId: string, teamId: string | null): string {
  const team = teamId ? `&team=${encodeURIComponent(teamId)}` : '';
  return `https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}${team}`;
}

function upcomingText(item: HomeItem): string {
  const title = item.post.url ? mrkdwnLink(item.post.url, item.post.title) : escapeMrkdwn(item.post.title);
  const starts = item.startsAt ? `starts ${slackDate(item.startsAt)}` : 'start not known';
  const channels = item.channelIds.length > 0 ? ` · ${item.channelIds.map(channelMention).join(' ')}` : '';
  return truncate(
    `:calendar: *${title}*\n${escapeMrkdwn(item.page.name)} (${escapeMrkdwn(item.providerName)}) · ${starts}${channels}`,
    3000,
  );
}

function summaryText(left: readonly HomeItem[]): string {
  const overdue = left.filter((item) => item.overdue).length;
  const names = left.map((item) => `${escapeMrkdwn(item.post.title)} (${escapeMrkdwn(item.page.name)})`).join(', ');
  return truncate(
    `*And ${left.length} more${overdue > 0 ? `, ${overdue} of them overdue` : ''}*, beyond what one Home tab can show: ${names}`,
    3000,
  );
}

function unreadableText(unreadable: readonly Unreadable[]): string {
  const lines = unreadable.map((entry) => {
    const what = entry.pageName
      ? `${escapeMrkdwn(entry.providerName)}, page ${escapeMrkdwn(entry.pageName)}`
      : escapeMrkdwn(entry.providerName);
    return `• ${what}: ${entry.reason === 'timeout' ? 'did not answer in time' : 'could not be read'}`;
  });
  return truncate(`:warning: *Not shown, as Herald could not read them just now:*\n${lines.join('\n')}`, 3000);
}

function nothingOpenText(overview: HomeOverview): string {
  return overview.unreadable.length > 0
    ? 'No open incident or maintenance on the pages Herald could read.'
    : 'No open incident or maintenance on the configured status pages.';
}

function footerText(input: HomeViewInput): string {
  const providers = input.overview.providerNames.length > 0 ? input.overview.providerNames.join(', ') : 'none';
  const publishing = input.publishingRestricted
    ? `publishing is restricted to HERALD_PUBLISHERS${input.canPublish ? '' : ' (you are not among them, so no buttons)'}`
    : 'anyone may publish';
  return `Status pages: ${escapeMrkdwn(providers)} · ${publishing}`;
}

/** "in 25 min", "42 min ago", "in 3 h". */
function relative(at: Date, now: Date): string {
  const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
  const size = Math.abs(minutes);
  const amount = size < 120 ? `${size} min` : `${Math.round(size / 60)} h`;
  return minutes >= 0 ? `in ${amount}` : `${amount} ago`;
}
