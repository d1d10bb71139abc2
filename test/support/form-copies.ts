import { postOptionValue } from '../../src/slack/update-form/blocks/form-choices.js';
import { decodeFormMetadata, encodeFormMetadata } from '../../src/slack/update-form/form-metadata.js';
import type { FakeSlack, StoredView } from '../fakes/fake-slack.js';
import { valuesFromView, type Pick, type StateValues } from './slack-payloads.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Many distinct submissions without walking every one through the form: a form Herald built and filled once
// is opened again in the fake Slack as a new modal (its own view id, so its own submission key), pointed at
// another post of the same page. Statuses, severities and services are per page, so the copy stays valid.
// A create form is copied as it is: it names no post, and each copy opens a post of its own.
// For suites that need hundreds of submissions (fault injection, crash recovery).

export interface PostRef {
  id: string;
  title: string;
  kind: 'incident' | 'maintenance';
}

/** Opens a copy of `base` (a loaded form with a post chosen) for `post`, as the bot, through the fake's Web API. */
export async function openFormCopy(slack: FakeSlack, base: StoredView, post: PostRef): Promise<StoredView> {
  const metadata = decodeFormMetadata(String(base.private_metadata));
  return openCopy(slack, base, encodeFormMetadata({ ...metadata, post: { id: post.id, title: post.title, kind: post.kind, url: null } }));
}

/** Opens a copy of `base`, a loaded create form (`/status-update new`), as the bot: the same page and kind. */
export async function openCreateFormCopy(slack: FakeSlack, base: StoredView): Promise<StoredView> {
  const metadata = decodeFormMetadata(String(base.private_metadata));
  if (!metadata.opening) throw new Error('the form to copy does not open a post');
  return openCopy(slack, base, String(base.private_metadata));
}

async function openCopy(slack: FakeSlack, base: StoredView, privateMetadata: string): Promise<StoredView> {
  const view = {
    type: 'modal',
    callback_id: base.callback_id,
    title: base.title,
    submit: base.submit,
    close: base.close,
    blocks: base.blocks,
    private_metadata: privateMetadata,
  };
  const response = await fetch(`${slack.apiUrl}views.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ trigger_id: slack.newTriggerId(), view }),
  });
  const answer = (await response.json()) as { ok: boolean; error?: string; view?: { id: string } };
  if (!answer.ok || !answer.view) throw new Error(`the fake Slack would not open a form copy: ${answer.error ?? response.status}`);
  const opened = slack.getView(answer.view.id);
  if (!opened) throw new Error(`the fake Slack has no view ${answer.view.id}`);
  return opened;
}

/** What the user submits in a copy: their picks, with the post select showing the copy's post. */
export function copyValues(view: StoredView, post: PostRef, picks: Record<string, Pick>): StateValues {
  const values = valuesFromView(view, picks);
  const block = values[FORM_BLOCKS.post];
  if (block) {
    for (const [actionId, element] of Object.entries(block)) {
      block[actionId] = {
        ...element,
        selected_option: { value: postOptionValue(post), text: { type: 'plain_text', text: post.title, emoji: true } },
      };
    }
  }
  return values;
}
