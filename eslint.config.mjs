import nx from '@nx/eslint-plugin';

const everyLib = [
  'type:machine',
  'type:canonical',
  'type:provider',
  'type:registry',
  'type:feature',
  'type:kafka',
  'type:pipeline',
  'type:runtime',
];
const noKafka = ['kafkajs', '@confluentinc/kafka-javascript'];

/** The dependency rules of STYLE.md; `testing` names what test files may import besides. */
function boundaries(testing) {
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
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: ['type:registry', 'type:canonical', 'type:machine'],
        bannedExternalImports: noKafka,
      },
      // Only the Kafka lib talks to Kafka; it knows records, not statuses.
      { sourceTag: 'type:kafka', onlyDependOnLibsWithTags: [] },
      // The stages compose the domain with Kafka, through the Kafka lib only.
      {
        sourceTag: 'type:pipeline',
        onlyDependOnLibsWithTags: ['type:kafka', 'type:feature', 'type:registry', 'type:canonical', 'type:machine', 'type:runtime'],
        bannedExternalImports: noKafka,
      },
      // Health and logging for services: no domain, no Kafka.
      { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: [], bannedExternalImports: noKafka },
      // Apps use libs, never other apps; they reach Kafka only through the Kafka lib.
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: everyLib, bannedExternalImports: noKafka },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: everyLib, bannedExternalImports: noKafka },
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
