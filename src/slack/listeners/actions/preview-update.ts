import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { PostOptions } from '../../../providers/provider.js';
import { slackTextToMarkdown } from '../../../text/slack-text-to-markdown.js';
import { opensPost, type UpdateDraft } from '../../../updates/draft.js';
import { buildPreviewProblemsView, buildPreviewView } from '../../update-form/blocks/preview-view.js';
import { decodeFormMetadata, type FormMetadata } from '../../update-form/form-metadata.js';
import type { ListenerDeps } from '../listener-deps.js';
import { slackErrorCode } from '../../../slack-kit/slack-error.js';
import { parseUpdateForm, type ViewStateValues } from '../../update-form/read-update-form.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The trigger_id lives 3 seconds: the page's current component states are waited for only this long. */
const CURRENT_STATE_WAIT_MS = 1500;

/**
 * "Preview" in the form: reads the form as it stands (button clicks carry the view's state) with the same
 * parser as Publish, and pushes a read-only view over it: the update as the page will show it, or what to fix.
 * The form stays underneath, untouched.
 */
export function handlePreviewUpdate(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const form = body.view;
    if (!form) return;
    let view: ModalView;
    try {
      view = await previewOf(deps, form.private_metadata, form.state.values as ViewStateValues);
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not build the preview');
      view = buildPreviewProblemsView({ form: 'Herald could not read this form. Close it and run /status-update again.' }, null);
    }
    try {
      await client.views.push({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.logger.warn({ slackError: slackErrorCode(error) }, 'could not show the preview');
    }
  };
}

async function previewOf(deps: ListenerDeps, privateMetadata: string, values: ViewStateValues): Promise<ModalView> {
  let metadata: FormMetadata;
  try {
    metadata = decodeFormMetadata(privateMetadata);
  } catch {
    return buildPreviewProblemsView(
      { form: 'Herald can no longer read this form. Copy your text, close the form and run /status-update again.' },
      null,
    );
  }
  const parsed = parseUpdateForm(values, metadata, deps.clock());
  if (!parsed.ok) return buildPreviewProblemsView(parsed.errors, metadata);
  const { draft } = parsed;
  const provider = deps.catalog.provider(draft.provider);
  return buildPreviewView({
    draft,
    rendered: provider.renderMessage(slackTextToMarkdown(draft.message)),
    currentState: await currentState(deps, draft),
    listsEveryImpact: provider.capabilities.componentsKeepUnlessChanged !== true,
    destinations: { incidentChannelId: metadata.channelId, announceChannels: await announceChannels(deps, metadata.channelId) },
  });
}

/** The workspace's announcement channels and the incident channel's own, as the publisher will announce in them. */
async function announceChannels(deps: ListenerDeps, channelId: string): Promise<string[]> {
  const chosen = await deps.stores.announcements.listChannels(channelId).catch(() => []);
  return [...new Set([...(deps.announceChannels ?? []), ...chosen])].filter((id) => id !== channelId);
}

/** Each component's status now, labelled; from the form's own cache, or a short wait for the page. */
async function currentState(deps: ListenerDeps, draft: UpdateDraft): Promise<Map<string, string> | null> {
  const { catalog } = deps;
  const opening = opensPost(draft);
  const { provider, page, post } = draft;
  let options: PostOptions | undefined = opening
    ? catalog.peekOpenOptions(provider, page.id, post.kind)
    : catalog.peekPostOptions(provider, page.id, post.kind);
  if (!options) {
    const loading = (
      opening ? catalog.loadOpenOptions(provider, page.id, post.kind) : catalog.loadPostOptions(provider, page.id, post.kind)
    ).catch(() => undefined);
    options = await Promise.race([
      loading,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CURRENT_STATE_WAIT_MS).unref()),
    ]);
  }
  if (!options) return null;
  const labels = new Map(options.impacts.map((impact) => [impact.id, impact.label]));
  const states = new Map<string, string>();
  for (const component of options.components) {
    if (component.currentImpactId !== null) states.set(component.id, labels.get(component.currentImpactId) ?? component.currentImpactId);
  }
  return states;
}
