import { buildOptionsResponse } from '../../src/slack/update-form/blocks/external-options.js';
import {
  componentChoices,
  pageChoices,
  parsePageOptionValue,
  parsePostOptionValue,
  postChoices,
} from '../../src/slack/update-form/blocks/form-choices.js';
import { buildPublishingView } from '../../src/slack/outcome/publishing-view.js';
import { buildFailedView, buildPublishedView } from '../../src/slack/outcome/result-view.js';
import type { UpdateDraft } from '../../src/updates/draft.js';
import { PAGES, POSTS, allText } from './support/form-fixtures.js';
import { slackLimitViolations } from './support/slack-limits.js';
import {
  EDIT_AND_RETRY_ACTION,
  FAILURE_ACTIONS_BLOCK_ID,
  PUBLISHING_VIEW_CALLBACK_ID,
  RESULT_VIEW_CALLBACK_ID,
} from '../../src/slack/outcome/outcome-ids.js';

const draft: UpdateDraft = {
  provider: 'devhelm',
  page: { id: 'pg', name: 'Acme <status>', url: 'https://status.acme.test' },
  post: { id: 'inc', title: 'API errors', kind: 'incident', url: null },
  status: { id: 'IDENTIFIED', label: 'Identified' },
  severity: null,
  message: 'Line one <!channel>\nline two & more',
  impacts: [],
  notifySubscribers: true,
  nextUpdateMinutes: null,
  reportedAt: null,
};

describe('buildPublishingView', () => {
  it('says where the update is going, has no submit, and can be closed', () => {
    const view = buildPublishingView(draft);
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(view).toMatchObject({ callback_id: PUBLISHING_VIEW_CALLBACK_ID, title: { text: 'Publishing…' }, close: { text: 'Close' } });
    expect(view.submit).toBeUndefined();
    const text = allText(view.blocks);
    expect(text).toContain('*API errors* on *Acme &lt;status&gt;* (DevHelm)');
    expect(text).toContain('You can close this window');
  });
});

describe('buildPublishedView', () => {
  it('links to the entry and mentions the channel copy', () => {
    const view = buildPublishedView({ draft, entryUrl: 'https://status.acme.test/i/1', channelId: 'C0INC' });
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(view).toMatchObject({ callback_id: RESULT_VIEW_CALLBACK_ID, title: { text: 'Update published' }, close: { text: 'Done' } });
    const text = allText(view.blocks);
    expect(text).toContain('<https://status.acme.test/i/1|View on Acme &lt;status&gt;>');
    expect(text).toContain('A copy was posted in <#C0INC>.');
  });

  it('says when the channel did not get its copy, and works without a link', () => {
    const text = allText(buildPublishedView({ draft, entryUrl: null, channelId: 'C0INC', echoed: false }).blocks);
    expect(text).toContain("couldn't post a copy in <#C0INC>");
    expect(text).not.toContain('View it');
  });
});

describe('buildFailedView', () => {
  const view = buildFailedView({
    draft,
    failure: { kind: 'rejected', message: 'Body must not contain <script> & friends', status: 422, requestId: 'req-9' },
    submissionId: 'sub-7',
  });

  it('says what failed, in the provider words, escaped, with the details', () => {
    expect(slackLimitViolations(view as never, 'modal')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(50); // also sent as a message when the modal is gone
    expect(view.title.text).toBe('Not published');
    const text = allText(view.blocks);
    expect(text).toContain(':x: Body must not contain &lt;script&gt; &amp; friends');
    expect(text).toContain('DevHelm answered HTTP 422');
    expect(text).toContain('request id `req-9`');
  });

  it('shows the typed message exactly, as plain text', () => {
    expect(view.blocks).toContainEqual({ type: 'section', text: { type: 'plain_text', text: draft.message, emoji: true } });
  });

  it('offers "Edit and retry" carrying the submission id', () => {
    expect(view.blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: FAILURE_ACTIONS_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: EDIT_AND_RETRY_ACTION,
          text: { type: 'plain_text', text: 'Edit and retry', emoji: true },
          style: 'primary',
          value: 'sub-7',
        },
      ],
    });
  });
});

describe('buildOptionsResponse', () => {
  const choices = Array.from({ length: 250 }, (_, i) => ({ value: `v${i}`, text: `Service ${i}` }));

  it('filters by the query, ignoring case, and caps at 100', () => {
    expect(buildOptionsResponse(choices, '').options).toHaveLength(100);
    const found = buildOptionsResponse(choices, '  SERVICE 12').options.map((o) => o.value);
    expect(found).toEqual(['v12', 'v120', 'v121', 'v122', 'v123', 'v124', 'v125', 'v126', 'v127', 'v128', 'v129']);
    expect(buildOptionsResponse(choices, 'nope').options).toEqual([]);
  });

  it('truncates text to 75 and skips values Slack would reject', () => {
    const response = buildOptionsResponse(
      [
        { value: 'long', text: 'x'.repeat(100) },
        { value: 'y'.repeat(151), text: 'too long a value' },
        { value: '', text: 'empty value' },
      ],
      '',
    );
    expect(response.options).toEqual([{ text: { type: 'plain_text', text: `${'x'.repeat(74)}…`, emoji: true }, value: 'long' }]);
  });

  it('serves pages, posts and components with the values the form and parser use', () => {
    expect(pageChoices(PAGES)[0]).toEqual({ value: 'pagerduty:PSP1', text: 'Acme public status · PagerDuty' });
    expect(parsePageOptionValue(pageChoices(PAGES)[1]!.value)).toEqual({ provider: 'statuspage', pageId: 'sp-2' });
    expect(postChoices(POSTS)).toEqual([
      { value: 'incident:PINC1', text: 'Incident · API errors' },
      { value: 'maintenance:PMNT1', text: 'Maintenance · Database upgrade' },
    ]);
    expect(parsePostOptionValue('maintenance:PM:1')).toEqual({ kind: 'maintenance', postId: 'PM:1' });
    expect(parsePostOptionValue('outage:P1')).toBeNull();
    expect(parsePageOptionValue('pagerduty:')).toBeNull();
    expect(componentChoices([{ id: 'c1', name: 'API' }])).toEqual([{ value: 'c1', text: 'API' }]);
  });
});
