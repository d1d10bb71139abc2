import fc from 'fast-check';
import {
  TEMPLATE_ADD_ACTION,
  TEMPLATE_DELETE_ACTION,
  TEMPLATE_DELETE_CALLBACK_ID,
  TEMPLATE_EDIT_ACTION,
  TEMPLATE_FORM_BLOCKS,
  TEMPLATE_FORM_CALLBACK_ID,
  TEMPLATE_INPUT_ACTION,
  TEMPLATE_PREVIEW_ACTION,
} from '../../src/slack/templates/template-ids.js';
import { FAKE_WORKSPACE } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { ANSWER_WITHIN_MS, envelope, FORM, RUNS, seed, type Json } from '../support/fuzz-settings.js';

// The template modals' payloads, forged: each of Herald's template actions and submissions with one part
// replaced by anything (or taken out). Herald answers each promptly with 2xx or 4xx, logs nothing at error
// level (a bad payload is the sender's fault), stores nothing it should not, and goes on serving.

const typed = (value: string) => ({ type: 'plain_text_input', value });
const formView = (): Json => ({
  id: 'V0FUZZ0002',
  type: 'modal',
  team_id: FAKE_WORKSPACE.teamId,
  callback_id: TEMPLATE_FORM_CALLBACK_ID,
  hash: '1700000000.fuzz',
  private_metadata: JSON.stringify({ templateId: null, listViewId: 'V0FUZZ0001' }),
  state: {
    values: {
      [TEMPLATE_FORM_BLOCKS.name]: { [TEMPLATE_INPUT_ACTION]: typed('Fuzzed') },
      [TEMPLATE_FORM_BLOCKS.stage]: {
        [TEMPLATE_INPUT_ACTION]: {
          type: 'static_select',
          selected_option: { value: 'identified', text: { type: 'plain_text', text: 'x' } },
        },
      },
      [TEMPLATE_FORM_BLOCKS.title]: { [TEMPLATE_INPUT_ACTION]: typed('{{ incident }}') },
      [TEMPLATE_FORM_BLOCKS.body]: {
        [TEMPLATE_INPUT_ACTION]: typed('{{ incident }}: {{ components }} {{ next_update | in_zone: "UTC" }}'),
      },
    },
  },
});
const button = (actionId: string, value: string, view: Json): Json => ({
  type: 'block_actions',
  ...envelope(),
  container: { type: 'view', view_id: view.id },
  view,
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1700000000.000100' }],
});

const payloads = (templateId: string): Json[] => [
  { type: 'view_submission', ...envelope(), view: formView() },
  {
    type: 'view_submission',
    ...envelope(),
    view: {
      ...formView(),
      callback_id: TEMPLATE_DELETE_CALLBACK_ID,
      private_metadata: JSON.stringify({ templateId, listViewId: 'V0FUZZ0001' }),
    },
  },
  button(TEMPLATE_ADD_ACTION, 'x', { ...formView(), id: 'V0FUZZ0001' }),
  button(TEMPLATE_EDIT_ACTION, templateId, { ...formView(), id: 'V0FUZZ0001' }),
  button(TEMPLATE_DELETE_ACTION, templateId, { ...formView(), id: 'V0FUZZ0001' }),
  button(TEMPLATE_PREVIEW_ACTION, 'x', formView()),
];

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...prefix, index]));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function replaced(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(base);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The private metadata and typed values are JSON inside JSON: their text is replaced too. */
const anyJson = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, undefined, '', 0, -1, 1e308, [], {}, 'constructor', '__proto__', '\u0000', '{{', '{% if %}'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
);

describe('forged template payloads, over HTTP', () => {
  let h: Harness;
  let templateId: string;
  beforeAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`template fuzz: seed ${seed} (rerun with HERALD_FUZZ_SEED=${seed}), ${RUNS} runs`);
    h = await startHarness();
    templateId = (
      await h.stores.templates.add(FAKE_WORKSPACE.teamId, { name: 'Kept', stage: 'resolved', title: null, body: 'Done.' }, new Date())
    ).id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('each template action and submission, one part replaced by anything', async () => {
    const bases = payloads(templateId);
    const mutated = fc
      .constantFrom(...bases)
      .chain((base) => fc.tuple(fc.constant(base), fc.constantFrom(...pathsOf(base)), anyJson))
      .map(([base, path, value]) => replaced(base, path, value));
    await fc.assert(
      fc.asyncProperty(mutated, async (payload) => {
        const from = h.logs.length;
        const started = Date.now();
        const response = await h.requester.raw({
          body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
          contentType: FORM,
        });
        const took = Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 5));
        const errors = h.logs
          .slice(from)
          .flatMap((chunk) => chunk.split('\n'))
          .filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 50);
        const answered = response.status === 200 || (response.status >= 400 && response.status < 500);
        if (took >= ANSWER_WITHIN_MS || !answered || errors.length > 0) {
          throw new Error(
            `payload ${JSON.stringify(payload).slice(0, 2000)}\nanswered ${response.status} in ${took} ms\nerror lines: ${errors.join('\n')}`,
          );
        }
      }),
      { seed, numRuns: RUNS },
    );
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});
