// Builds `msgstatus`, the CLI as users install it: one esbuild bundle of the sources and every
// dependency, so it needs Node alone (no tsx, no TypeScript, nothing fetched at install). Code
// splitting keeps kafkajs in a chunk that only the Kafka commands load. Output in
// dist/packages/cli with its package.json, README, licence and the sample events;
// `--pack <dir>` also packs it there and prints the tarball's path; `--repository <url>` sets the
// manifest's repository; `--out <dir>` builds elsewhere (tests building side by side).
import { execFileSync } from 'node:child_process';
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

// The audit report's page (script and style), bundled from its TypeScript sources once, here,
// so the CLI carries it as text and needs neither esbuild nor the sources to write a report.
const reportPage = execFileSync(
  process.execPath,
  ['--import', 'tsx', '--input-type=module', '-e', `const { buildReportPage } = await import(${JSON.stringify(join(root, 'libs/audit-report/src/buildReportPage.ts'))}); process.stdout.write(JSON.stringify(await buildReportPage()));`],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
);

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
  // esbuild builds the report's page when the CLI runs from its sources; the bundle has the page.
  external: ['@node-rs/crc32', 'esbuild'],
  define: { MSGSTATUS_CLI_VERSION: JSON.stringify(source.version), MSGSTATUS_REPORT_PAGE: reportPage },
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
