/**
 * The boundaries of functions/ (docs/adr/0013-one-shape-per-domain.md), checked by `npm run lint`.
 * FOLDERS is the one table of which domain folder may import which: a DAG, so no folder circle can form;
 * the rules below add the file roles (handler, use case, store, deps) and the kernel (shared/).
 */

/** folder → the folders it may import (shared/ is always allowed). */
const FOLDERS = {
  areas: [],
  categories: ['roster'],
  abuse: [],
  directory: ['areas'],
  contacts: ['areas'],
  roster: ['areas'],
  officers: ['areas', 'roster'],
  sms: ['roster'],
  playbooks: ['categories', 'officers', 'roster'],
  reports: ['areas', 'categories', 'abuse'],
  spots: ['areas', 'officers', 'roster'],
  stats: ['areas', 'categories', 'reports', 'officers', 'roster', 'sms', 'abuse', 'playbooks', 'spots'],
  dispatch: ['reports', 'categories', 'sms', 'roster', 'stats', 'abuse'],
  ack: ['reports', 'dispatch', 'stats', 'abuse', 'playbooks'],
  cases: ['areas', 'categories', 'reports', 'officers', 'roster', 'stats', 'playbooks'],
  suggestions: ['areas', 'directory', 'abuse', 'officers', 'roster', 'sms'],
  'follow-up': ['reports', 'suggestions', 'abuse'],
  forms: ['areas', 'categories', 'reports', 'suggestions', 'abuse'],
  health: [],
  retention: ['reports'],
  // Open311 GeoReport v2 for other apps: files through the reports intake, reads places and categories.
  open311: ['areas', 'categories', 'reports'],
  // Describes every route from its folder's schemas; imported by nothing but its own handler.
  openapi: [
    'abuse',
    'areas',
    'cases',
    'categories',
    'contacts',
    'follow-up',
    'forms',
    'officers',
    'open311',
    'patrols',
    'playbooks',
    'reports',
    'spots',
    'stats',
    'suggestions',
  ],
  patrols: ['areas', 'officers', 'roster', 'reports', 'stats', 'spots'],
};

const folderRules = Object.entries(FOLDERS).map(([folder, allowed]) => ({
  name: `folder-${folder}`,
  comment: `functions/${folder}/ may import only shared/${allowed.length ? ` and ${allowed.join(', ')}` : ''} (ADR 0013)`,
  severity: 'error',
  from: { path: `^functions/${folder}/` },
  to: { path: '^functions/[^/]+/', pathNot: `^functions/(${[folder, 'shared', ...allowed].join('|')})/` },
}));

/** Files of a folder that are neither its composition (deps, handlers) nor its adapter (store). */
const USE_CASE =
  '^functions/(?!shared/)[^/]+/(?!(?:store|deps|[a-z-]+\\.deps)\\.ts$|[^/]+\\.handler\\.ts$)[^/]+\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: { path: '^(functions|infra|site/src)/' },
      to: { circular: true },
    },
    {
      name: 'unknown-folder',
      comment: 'Every folder of functions/ is in the FOLDERS table of .dependency-cruiser.cjs (ADR 0013).',
      severity: 'error',
      from: {
        path: '^functions/[^/]+/',
        pathNot: `^functions/(${['shared', ...Object.keys(FOLDERS)].join('|')})/`,
      },
      to: {},
    },
    {
      name: 'shared-is-the-kernel',
      comment: 'functions/shared/ imports no domain folder.',
      severity: 'error',
      from: { path: '^functions/shared/' },
      to: { path: '^functions/(?!shared/)[^/]+/' },
    },
    ...folderRules,
    {
      name: 'handler-composes-its-own-folder',
      comment: 'A handler imports its own folder (deps, schema, use cases, pages) and shared/ only.',
      severity: 'error',
      from: { path: '^functions/([^/]+)/[^/]+\\.handler\\.ts$' },
      to: { path: '^functions/', pathNot: '^functions/($1|shared)/' },
    },
    {
      name: 'handler-sees-no-store',
      comment: 'A handler gets its ports from deps(), never from a store or runtime().',
      severity: 'error',
      from: { path: '\\.handler\\.ts$' },
      to: { path: '^functions/(?:[^/]+/store\\.ts|shared/runtime\\.ts|shared/store/)' },
    },
    {
      name: 'use-case-sees-no-adapter',
      comment: 'A use case takes its ports: it imports no store value, no deps, no runtime (types are fine).',
      severity: 'error',
      from: { path: USE_CASE },
      to: {
        path: '^functions/(?:[^/]+/(?:store|deps|[a-z-]+\\.deps)\\.ts|shared/(?:runtime|config)\\.ts|shared/store/client\\.ts)$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'aws-sdk-in-adapters-only',
      comment: 'The AWS SDK is called from stores, the SMS sender and the shared clients only.',
      severity: 'error',
      from: {
        path: '^functions/',
        pathNot:
          '^functions/(?:[^/]+/store\\.ts|[^/]+/(?:deps|[a-z-]+\\.deps)\\.ts|shared/store/|shared/secrets\\.ts|shared/http/origin\\.ts|shared/idempotency\\.ts|sms/send\\.ts|sms/alerts\\.ts)',
      },
      to: { path: '@aws-sdk/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'middy-in-the-http-layer',
      comment: 'middy is how shared/http/ builds a handler; nothing else uses it directly.',
      severity: 'error',
      from: { path: '^functions/', pathNot: '^functions/shared/http/' },
      to: { path: '@middy/' },
    },
    {
      name: 'functions-do-not-import-infra-or-tests',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|test|site)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '(^|/)(dist|cdk\\.out|\\.data)/' },
  },
};
