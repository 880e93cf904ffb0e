// Builds `msgstatus`, the CLI as users install it: one esbuild bundle of the sources and every
// dependency, so it needs Node alone (no tsx, no TypeScript, nothing fetched at install). Code
// splitting keeps kafkajs in a chunk that only the Kafka commands load. Output in
// dist/packages/cli with its package.json, README, licence and the sample events;
// `--pack <dir>` also packs it there and prints the tarball's path; `--repository <url>` sets the
// manifest's repository; `--out <dir>` builds elsewhere (tests building side by side).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { packIfAsked, repositoryOf, workspaceEngines } from './packing.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = join(root, 'apps/cli');
const outFlag = process.argv.indexOf('--out');
const out = outFlag >= 0 ? resolve(process.argv[outFlag + 1]) : join(root, 'dist/packages/cli');
const source = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: { msgstatus: join(app, 'src/bin.ts') },
  outdir: join(out, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  metafile: true,
  // kafkajs's patched CRC-32C asks for this native addon and falls back to JavaScript without it:
  // a binary cannot go in the bundle, and the CLI's few Kafka writes do not need it.
  external: ['@node-rs/crc32'],
  define: { MSGSTATUS_CLI_VERSION: JSON.stringify(source.version) },
  // kafkajs is CommonJS and calls require(): ESM output needs one to hand it.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __msgstatusRequire } from 'node:module'; const require = __msgstatusRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(join(out, 'meta.json'), JSON.stringify(result.metafile));

const manifest = {
  name: 'msgstatus',
  version: source.version,
  description: source.description,
  license: source.license,
  keywords: ['message status', 'delivery receipts', 'sms', 'whatsapp', 'audit', 'replay', 'kafka', 'cli'],
  repository: repositoryOf('apps/cli'),
  type: 'module',
  bin: { msgstatus: './dist/msgstatus.mjs' },
  exports: { './package.json': './package.json' },
  engines: workspaceEngines,
  files: ['dist', 'samples', 'README.md', 'LICENSE'],
};
mkdirSync(join(out, 'samples'), { recursive: true });
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(app, 'README.md'), join(out, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(out, 'LICENSE'));
copyFileSync(join(app, 'samples/provider-events.ndjson'), join(out, 'samples/provider-events.ndjson'));
rmSync(join(out, 'meta.json'));

packIfAsked(out);
