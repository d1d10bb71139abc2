// The direction of Herald's dependencies, checked in `npm test` (npm run lint). Folders are layers: each may use
// the ones below it, never one above. From the top:
//
//   main.ts, app.ts                     composition: read config, open stores, wire, start
//   slack/                              the Bolt edge: read payloads, render Block Kit, ack
//   submitting/  reminders/  summary/   use cases and background features
//   home/                               the Home tab's overview (gathering, urgency, who has it open)
//   templates/                          public update templates: Liquid, their checks, their use cases
//   publishing/                         the outbox publisher and corrections
//   store/  slack-kit/                  persistence; Block Kit helpers shared by everything that talks to Slack
//   updates/                            the domain: drafts, submissions, statuses
//   providers/                          the status-page port and its clients
//   text/  observability/  config.ts    text conversion, logs and metrics, the environment
//
// Type-only imports count: a type is a dependency too.

const LAYERS = {
  slack: [
    'home',
    'submitting',
    'templates',
    'reminders',
    'summary',
    'publishing',
    'store',
    'slack-kit',
    'updates',
    'providers',
    'text',
    'observability',
    'config',
  ],
  home: ['store', 'updates', 'providers', 'text', 'observability', 'config'],
  submitting: ['publishing', 'store', 'updates', 'providers', 'text', 'observability', 'config'],
  templates: ['store', 'updates', 'text', 'observability', 'config'],
  reminders: ['store', 'slack-kit', 'updates', 'providers', 'text', 'observability', 'config'],
  summary: ['store', 'slack-kit', 'updates', 'providers', 'text', 'observability', 'config'],
  publishing: ['store', 'updates', 'providers', 'text', 'observability', 'config'],
  store: ['updates', 'providers', 'observability', 'config'],
  'slack-kit': ['updates', 'providers', 'text'],
  updates: ['providers', 'text'],
  providers: ['text', 'observability', 'config'],
  text: [],
  observability: [],
};

const FOLDERS = Object.keys(LAYERS);
const folderPath = (folder) => (folder === 'config' ? '^src/config[.]ts$' : `^src/${folder}/`);

/** For each folder: every other folder of src/ it may not use. */
const layerRules = FOLDERS.map((folder) => {
  const allowed = new Set([folder, ...LAYERS[folder]]);
  const forbidden = [...FOLDERS, 'config'].filter((other) => !allowed.has(other));
  return {
    name: `${folder}-uses-only-lower-layers`,
    comment: `${folder}/ may use ${LAYERS[folder].join(', ') || 'no other folder of src/'}: never a layer above it.`,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: [...forbidden.map(folderPath), '^src/(app|main)[.]ts$'] },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules that import each other, directly or round a circle, cannot be read or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'providers-know-no-slack',
      comment: 'A status-page client speaks its provider’s API; it knows nothing of Slack.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^node_modules/@slack/' },
    },
    {
      name: 'domain-knows-neither-slack-nor-http',
      comment: 'The domain and the text conversion are pure: no Slack SDK, no HTTP client, no database driver.',
      severity: 'error',
      from: { path: '^src/(updates|text)/' },
      to: { path: ['^node_modules/(@slack|got|pg|better-sqlite3|kysely)/', '^(http|https|net)$'] },
    },
    {
      name: 'domain-uses-only-the-provider-port',
      comment: 'The domain names providers through their port (providers/provider.ts), never a client.',
      severity: 'error',
      from: { path: '^src/updates/' },
      to: { path: '^src/providers/', pathNot: '^src/providers/provider[.]ts$' },
    },
    {
      name: 'use-cases-know-no-slack',
      comment: 'Use cases and publishing know nothing of Bolt or Block Kit: the Slack edge maps their results.',
      severity: 'error',
      from: { path: '^src/(submitting|publishing|home|templates)/' },
      to: { path: '^node_modules/@slack/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
