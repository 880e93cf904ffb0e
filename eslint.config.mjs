import nx from '@nx/eslint-plugin';

const everyLib = [
  'type:machine',
  'type:canonical',
  'type:provider',
  'type:registry',
  'type:domain',
  'type:feature',
  'type:kafka',
  'type:pipeline',
  'type:gateway',
  'type:poller',
  'type:runtime',
  'type:partitioning',
  'type:state-store',
  'type:lookup',
];
const sharedScope = ['scope:shared', 'scope:providers'];
const noKafka = ['kafkajs', '@confluentinc/kafka-javascript'];

/**
 * The dependency rules of STYLE.md; `testing` names what test files may import besides, and tests
 * of a service may run the pipeline's stages and test kit around it (end to end).
 */
function boundaries(testing) {
  const endToEnd = testing.length > 0 ? ['scope:pipeline'] : [];
  return {
    enforceBuildableLibDependency: true,
    banTransitiveDependencies: true,
    allow: [],
    depConstraints: [
      // The machine is the product's core and what embedders install: xstate and nothing else.
      { sourceTag: 'type:machine', onlyDependOnLibsWithTags: [], allowedExternalImports: ['xstate', 'xstate/*', ...testing] },
      { sourceTag: 'type:canonical', onlyDependOnLibsWithTags: ['type:machine'], bannedExternalImports: noKafka },
      { sourceTag: 'type:provider', onlyDependOnLibsWithTags: ['type:canonical', 'type:machine'], bannedExternalImports: noKafka },
      { sourceTag: 'type:registry', onlyDependOnLibsWithTags: ['type:provider', 'type:canonical'], bannedExternalImports: noKafka },
      // The pure core: all of the pipeline's logic, no IO, no Kafka, no Effect.
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: ['type:registry', 'type:canonical', 'type:machine'],
        bannedExternalImports: [...noKafka, 'effect', 'effect/*', '@effect/*'],
      },
      // What the command line does with the core (replay, timeline).
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: ['type:domain', 'type:registry', 'type:canonical', 'type:machine', 'type:partitioning'],
        bannedExternalImports: noKafka,
      },
      // Only the Kafka lib talks to Kafka; it knows records, not statuses.
      { sourceTag: 'type:kafka', onlyDependOnLibsWithTags: ['type:partitioning'] },
      // Where a key goes (Kafka's partitioner, pure): the Kafka lib produces with it, replay keeps a clock per partition.
      { sourceTag: 'type:partitioning', onlyDependOnLibsWithTags: [], bannedExternalImports: noKafka },
      // The state topic, followed for a set of partitions: the projector, the poller and the lookup API read it here, through the Kafka lib.
      { sourceTag: 'type:state-store', onlyDependOnLibsWithTags: ['type:kafka', 'type:canonical', 'type:machine'], bannedExternalImports: noKafka },
      // The lookup API: answers from the state store, finds any message's holder with the producers' partitioner.
      {
        sourceTag: 'type:lookup',
        onlyDependOnLibsWithTags: ['type:state-store', 'type:kafka', 'type:partitioning', 'type:canonical', 'type:machine', 'type:runtime'],
        bannedExternalImports: noKafka,
      },
      // The stages are adapters of the core to Kafka, through the Kafka lib only (replay: their tests' oracle).
      {
        sourceTag: 'type:pipeline',
        onlyDependOnLibsWithTags: ['type:state-store', 'type:kafka', 'type:domain', 'type:feature', 'type:registry', 'type:canonical', 'type:machine', 'type:runtime'],
        bannedExternalImports: noKafka,
      },
      // The webhook gateway and the poller put raw events on Kafka; they need no core and no stage.
      {
        sourceTag: 'type:gateway',
        onlyDependOnLibsWithTags: ['type:kafka', 'type:registry', 'type:canonical', 'type:machine', 'type:runtime'],
        bannedExternalImports: noKafka,
      },
      {
        sourceTag: 'type:poller',
        onlyDependOnLibsWithTags: ['type:state-store', 'type:kafka', 'type:registry', 'type:canonical', 'type:machine', 'type:runtime'],
        bannedExternalImports: noKafka,
      },
      // Health and logging for services: no domain, no Kafka.
      { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: [], bannedExternalImports: noKafka },
      // Apps use libs, never other apps; they reach Kafka only through the Kafka lib.
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: everyLib, bannedExternalImports: noKafka },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: everyLib, bannedExternalImports: noKafka },
      // Scopes: a service's app and lib use each other and what is shared, never another service's.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: sharedScope },
      { sourceTag: 'scope:providers', onlyDependOnLibsWithTags: sharedScope },
      { sourceTag: 'scope:pipeline', onlyDependOnLibsWithTags: [...sharedScope, 'scope:pipeline'] },
      { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: [...sharedScope, 'scope:gateway', ...endToEnd] },
      { sourceTag: 'scope:poller', onlyDependOnLibsWithTags: [...sharedScope, 'scope:poller', ...endToEnd] },
      { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: [...sharedScope, 'scope:pipeline', 'scope:cli'] },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: [...sharedScope, 'scope:pipeline', 'scope:gateway', 'scope:poller', 'scope:cli', 'scope:tools'] },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/vitest.config.*.timestamp*', 'reports/**', '.nx/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries([])],
      // With noUncheckedIndexedAccess, lookups in tables complete by construction need `!`.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The environment is configuration: read where configuration is (Effect Config), nowhere else.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment in a configuration module (Effect Config), not here.' }],
    },
  },
  {
    files: ['**/*Config.ts', '**/*Options.ts', '**/*.test.ts', '**/src/testing/**', 'tools/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Test kits assert (`then`), so they may use the test runner like tests do.
    files: ['**/src/testing/**'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(['vitest', 'vitest/*', '@effect/vitest'])],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test-data.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(['vitest', 'vitest/*', '@effect/vitest', 'fast-check'])],
    },
  },
  {
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
