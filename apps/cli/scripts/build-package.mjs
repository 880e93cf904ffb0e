// Builds `msgstatus`, the CLI as users install it: one esbuild bundle of the sources and every
// dependency, so it needs Node alone (no tsx, no TypeScript, nothing fetched at install). Code
// splitting keeps kafkajs in a chunk that only the Kafka commands load. Output in
// dist/packages/cli with its package.json, README, licence and the sample events;
// `--pack <dir>` also packs it there and prints the tarball's path; `--repository <url>` sets the
// manifest's repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(app, '../..');
const out = join(root, 'dist/packages/cli');
const source = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
const workspace = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

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
  engines: workspace.engines,
  files: ['dist', 'samples', 'README.md', 'LICENSE'],
};
mkdirSync(join(out, 'samples'), { recursive: true });
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(app, 'README.md'), join(out, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(out, 'LICENSE'));
copyFileSync(join(app, 'samples/provider-events.ndjson'), join(out, 'samples/provider-events.ndjson'));
rmSync(join(out, 'meta.json'));

/** Where the sources live: `--repository <url>` (the release workflow's, which npm provenance checks), else the workspace's own field. */
function repositoryOf(directory) {
  const given = process.argv.indexOf('--repository');
  return { type: 'git', url: given >= 0 ? process.argv[given + 1] : workspace.repository.url, directory };
}

const packInto = process.argv.indexOf('--pack');
if (packInto >= 0) {
  const destination = resolve(process.argv[packInto + 1] ?? out);
  mkdirSync(destination, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: out, encoding: 'utf8' }));
  process.stdout.write(`${join(destination, packed.filename)}\n`);
}
