import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Post, PostKind, PostOptions } from '../../../providers/provider.js';
import { MESSAGE_MAX_LENGTH, NEXT_UPDATE_MINUTES, type UpdateDraft } from '../../../updates/draft.js';
import type { FormMetadata } from '../form-metadata.js';
import { channelMention, escapeMrkdwn, truncate } from '../../../slack-kit/mrkdwn.js';
import { contextLine, mrkdwnSection, plainText, viewLabel } from '../../../slack-kit/elements.js';
import { option, pageOption, pageOptionValue, postOption, postOptionValue, type PageChoice } from './form-choices.js';
import { providerDisplayName } from '../../../slack-kit/provider-names.js';
import { resolveWarningBlocks, type ResolveWarning } from './resolve-warning.js';
import { STATIC_SELECT_MAX_OPTIONS, buildImpactSection } from './update-form-impacts.js';
import { linkedPagesBlocks } from './update-form-links.js';
import { previewButtonBlock } from './preview-button.js';
import {
  FORM_ACTIONS,
  FORM_BLOCKS,
  NONE_OPTION_VALUE,
  NOTIFY_OPTION_VALUE,
  UPDATE_FORM_CALLBACK_ID,
  messageBlockId,
  severityBlockId,
  statusBlockId,
} from './update-form-ids.js';
import { NEW_POST_OPTION, openingBlocks, openingSeverityLabel, windowBlocks } from './opening-blocks.js';
import { optionsTarget } from '../form-options.js';
import { messageToolsBlocks, type MessageOffer } from './message-tools.js';

// The /status-update form at every stage: opened at once with nothing loaded, then rebuilt (views.update) as
// pages, posts and the post's options arrive. Input ids never change between stages, so what the user has
// typed survives every rebuild; the message box is there from the very first view for that reason.

export type { PageChoice } from './form-choices.js';

export type Loadable<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface UpdateFormState {
  /** The page and post chosen so far live here. */
  metadata: FormMetadata;
  pages: Loadable<PageChoice[]>;
  /** Null until a page is chosen. */
  posts: Loadable<Post[]> | null;
  /** Null until a post is chosen. */
  options: Loadable<PostOptions> | null;
  /** Prefills every field ("Edit and retry"); null for a fresh form. */
  initial: UpdateDraft | null;
  /** A banner at the top, e.g. why the last publish failed. */
  notice: string | null;
  /** Shown under the status: closing the post while components still show a problem. */
  resolveWarning?: ResolveWarning | null;
  /** Text the form puts in its fields where `initial` has none: a template, the last update, a message drafted from. */
  fill?: FormFill | null;
  /** Text offered for a message that already has some, with "Replace the message". */
  messageOffer?: MessageOffer | null;
}

/**
 * Values put in the form by a template, the last update or the "Draft status update" shortcut. Slack shows an
 * input's new initial value only when its block id changes, so each is put at a new block id revision (or on a
 * fresh form); the status and title only when none is chosen or typed, so the new block id costs nothing.
 */
export interface FormFill {
  message?: string;
  statusId?: string;
  title?: string;
}

export const MESSAGE_PLACEHOLDER = 'What is happening, what we are doing, what customers should do';

export function buildUpdateForm(state: UpdateFormState): ModalView {
  const { metadata, initial } = state;
  const opening = metadata.opening ?? null;
  const target = optionsTarget(metadata);
  const options = state.options?.status === 'ready' ? state.options.value : null;
  const impacts = buildImpactSection(options, metadata, initial);

  const blocks: KnownBlock[] = [contextLine(`${opening ? `New ${opening.kind}` : 'Update'} from ${channelMention(metadata.channelId)}`)];
  if (state.notice) blocks.push(warning(state.notice));
  blocks.push(
    ...pageBlocks(state),
    ...(opening ? openingBlocks(opening, initial, state.fill?.title ?? null, metadata.titleRevision ?? 0) : postBlocks(state)),
    ...postOptionBlocks(state),
  );
  if (opening?.kind === 'maintenance' && metadata.page) blocks.push(...windowBlocks(opening, initial));
  blocks.push(...messageToolsBlocks(metadata, state.messageOffer ?? null));
  blocks.push(messageBlock(metadata, initial, state.fill ?? null), ...impacts.blocks, notifyBlock(initial));
  if (target) blocks.push(nextUpdateBlock(target.kind, initial, metadata));
  if (!opening && metadata.capabilities?.reportedAt) blocks.push(reportedAtBlock(initial));
  // A new post is opened on one page; "Also publish to" and "Remember" are about the channel's existing ones.
  if (!opening) blocks.push(...linkedPagesBlocks(metadata, impacts.privateMetadata));
  // Last, next to Publish: the update as the page will show it, in a view pushed over the form.
  if (target) blocks.push(previewButtonBlock());

  return {
    type: 'modal',
    callback_id: UPDATE_FORM_CALLBACK_ID,
    title: viewLabel(opening ? (opening.kind === 'incident' ? 'New incident' : 'New maintenance') : 'Status update'),
    submit: viewLabel(opening ? (opening.kind === 'incident' ? 'Open' : 'Schedule') : 'Publish'),
    close: viewLabel('Cancel'),
    private_metadata: impacts.privateMetadata,
    blocks,
  };
}

/** A warning line; `text` comes from people or providers, so it is escaped and kept to one section. */
function warning(text: string): KnownBlock {
  return mrkdwnSection(`:warning: ${escapeMrkdwn(truncate(text, 2000))}`, { verbatim: true });
}

function pageBlocks({ pages, metadata }: UpdateFormState): KnownBlock[] {
  if (pages.status === 'loading') return [contextLine('Loading status pages…')];
  if (pages.status === 'error') return [warning(`Couldn't load the status pages: ${pages.message}`)];
  const list = pages.value;
  if (list.length === 0) {
    return [warning('No status page is available. Ask whoever runs Herald to connect a status page provider.')];
  }
  const external = list.length > STATIC_SELECT_MAX_OPTIONS;
  const chosenValue = metadata.page ? pageOptionValue(metadata.page) : list.length === 1 ? pageOptionValue(list[0]!) : null;
  // A static select's initial option must be one of its options; an external select can show any.
  const chosen =
    list.find((page) => pageOptionValue(page) === chosenValue) ??
    (external && metadata.page ? { ...metadata.page, providerName: providerDisplayName(metadata.page.provider) } : null);
  const initialOption = chosen ? { initial_option: pageOption(chosen) } : {};
  return [
    {
      type: 'input',
      block_id: FORM_BLOCKS.page,
      dispatch_action: true,
      label: plainText('Status page'),
      element: external
        ? {
            type: 'external_select',
            action_id: FORM_ACTIONS.page,
            placeholder: plainText('Search status pages'),
            min_query_length: 0,
            ...initialOption,
          }
        : {
            type: 'static_select',
            action_id: FORM_ACTIONS.page,
            placeholder: plainText('Choose a status page'),
            options: list.map(pageOption),
            ...initialOption,
          },
    },
  ];
}

function postBlocks({ posts, metadata }: UpdateFormState): KnownBlock[] {
  if (posts === null) return [];
  if (posts.status === 'loading') return [contextLine('Loading open incidents and maintenance…')];
  if (posts.status === 'error') return [warning(`Couldn't load the open incidents: ${posts.message}`)];
  const list = posts.value;
  const none = list.length === 0 ? [mrkdwnSection('No open incidents or maintenance on this page: open one here.')] : [];

  const external = list.length > STATIC_SELECT_MAX_OPTIONS;
  const chosenPost = metadata.post;
  const chosen = chosenPost
    ? (list.find((post) => postOptionValue(post) === postOptionValue(chosenPost)) ?? (external ? chosenPost : null))
    : null;
  const block: InputBlock = {
    type: 'input',
    block_id: FORM_BLOCKS.post,
    dispatch_action: true,
    label: plainText('Incident or maintenance'),
    element: external
      ? {
          type: 'external_select',
          action_id: FORM_ACTIONS.post,
          placeholder: plainText('Search incidents and maintenance'),
          min_query_length: 0,
          ...(chosen ? { initial_option: postOption(chosen, true) } : {}),
        }
      : {
          type: 'static_select',
          action_id: FORM_ACTIONS.post,
          placeholder: plainText('Choose what to update'),
          option_groups: postGroups(list),
          ...(chosen ? { initial_option: postOption(chosen, false) } : {}),
        },
  };
  return [...none, block];
}

function postGroups(posts: Post[]): { label: { type: 'plain_text'; text: string }; options: PlainTextOption[] }[] {
  const groups = [
    { label: plainText('New'), options: [NEW_POST_OPTION] },
    { label: plainText('Incidents'), options: posts.filter((p) => p.kind === 'incident').map((p) => postOption(p, false)) },
    { label: plainText('Maintenance'), options: posts.filter((p) => p.kind === 'maintenance').map((p) => postOption(p, false)) },
  ];
  // Slack rejects an empty option group.
  return groups.filter((group) => group.options.length > 0);
}

/** Status and severity: they need the chosen post's options. Picking a status may warn (see resolve-warning). */
function postOptionBlocks({ metadata, options, initial, resolveWarning, fill }: UpdateFormState): KnownBlock[] {
  const target = optionsTarget(metadata);
  if (target === null || options === null) return [];
  if (options.status === 'loading') return [contextLine('Loading statuses and services…')];
  if (options.status === 'error') return [warning(`Couldn't load the statuses and services: ${options.message}`)];
  const { statuses, severities } = options.value;
  if (statuses.length === 0) {
    return [warning(`This page offers no status for ${target.kind === 'incident' ? 'an incident' : 'a maintenance'}.`)];
  }
  const kindOpened = target.opening ? target.kind : null;
  const blocks: KnownBlock[] = [
    {
      ...choiceSelect(
        statusBlockId(kindOpened, metadata.statusRevision ?? 0),
        FORM_ACTIONS.status,
        'Status',
        statuses,
        initial?.status.id ?? fill?.statusId ?? null,
      ),
      dispatch_action: true,
    },
  ];
  if (resolveWarning) blocks.push(...resolveWarningBlocks(resolveWarning));
  // Opening, the severity (or impact) is offered wherever the page has some; an update carries one only on PagerDuty.
  const severityShown = target.opening ? severities.length > 0 : metadata.capabilities?.severity && severities.length > 0;
  if (severityShown) {
    const label = target.opening && metadata.page ? openingSeverityLabel(metadata.page.provider) : 'Severity';
    blocks.push(choiceSelect(severityBlockId(kindOpened), FORM_ACTIONS.severity, label, severities, initial?.severity?.id ?? null));
  }
  return blocks;
}

function choiceSelect(
  blockId: string,
  actionId: string,
  label: string,
  choices: { id: string; label: string }[],
  initialId: string | null,
): InputBlock {
  const choiceOptions = choices.slice(0, STATIC_SELECT_MAX_OPTIONS).map((c) => option(c.label, c.id));
  const initialOption = choiceOptions.find((o) => o.value === initialId);
  return {
    type: 'input',
    block_id: blockId,
    label: plainText(label),
    element: {
      type: 'static_select',
      action_id: actionId,
      placeholder: plainText(`Choose a ${label.toLowerCase()}`),
      options: choiceOptions,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
  };
}

function messageBlock(metadata: FormMetadata, initial: UpdateDraft | null, fill: FormFill | null): InputBlock {
  const text = initial?.message || fill?.message;
  return {
    type: 'input',
    block_id: messageBlockId(metadata.messageRevision ?? 0),
    label: plainText('Message'),
    hint: plainText('Customers read this on the status page.'),
    element: {
      type: 'plain_text_input',
      action_id: FORM_ACTIONS.message,
      multiline: true,
      max_length: MESSAGE_MAX_LENGTH,
      placeholder: plainText(MESSAGE_PLACEHOLDER, 150),
      ...(text ? { initial_value: text.slice(0, MESSAGE_MAX_LENGTH) } : {}),
    },
  };
}

function notifyBlock(initial: UpdateDraft | null): InputBlock {
  const notify = option('Notify subscribers', NOTIFY_OPTION_VALUE);
  return {
    type: 'input',
    block_id: FORM_BLOCKS.notify,
    optional: true,
    label: plainText('Subscribers'),
    element: {
      type: 'checkboxes',
      action_id: FORM_ACTIONS.notify,
      options: [notify],
      ...((initial?.notifySubscribers ?? true) ? { initial_options: [notify] } : {}),
    },
  };
}

export function nextUpdateLabel(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

function nextUpdateBlock(kind: PostKind, initial: UpdateDraft | null, metadata: FormMetadata): InputBlock {
  const none = option('None', NONE_OPTION_VALUE);
  const choices = [none, ...NEXT_UPDATE_MINUTES.map((m) => option(nextUpdateLabel(m), String(m)))];
  // Incidents promise the next update; planned maintenance usually doesn't.
  const minutes = initial ? initial.nextUpdateMinutes : kind === 'incident' ? 30 : null;
  const initialOption = choices.find((c) => c.value === (minutes === null ? NONE_OPTION_VALUE : String(minutes))) ?? none;
  const shownOnPage = metadata.capabilities?.nextUpdate ?? false;
  return {
    type: 'input',
    block_id: FORM_BLOCKS.nextUpdate,
    optional: true,
    label: plainText('Next update in'),
    hint: plainText(
      shownOnPage
        ? 'Shown on the status page; Herald also reminds this channel when it is due.'
        : 'Herald reminds this channel when it is due.',
    ),
    element: { type: 'static_select', action_id: FORM_ACTIONS.nextUpdate, options: choices, initial_option: initialOption },
  };
}

function reportedAtBlock(initial: UpdateDraft | null): InputBlock {
  const reportedAt = initial?.reportedAt ? Math.floor(Date.parse(initial.reportedAt) / 1000) : null;
  return {
    type: 'input',
    block_id: FORM_BLOCKS.reportedAt,
    optional: true,
    label: plainText('Reported at'),
    hint: plainText('Leave empty to use the time of publishing'),
    element: {
      type: 'datetimepicker',
      action_id: FORM_ACTIONS.reportedAt,
      ...(reportedAt !== null && Number.isFinite(reportedAt) ? { initial_date_time: reportedAt } : {}),
    },
  };
}
