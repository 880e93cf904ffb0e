// Builds @msgstatus/status-machine as the package embedders install: ESM and type declarations in
// dist/packages/status-machine, with a package.json of its own (xstate its only peer dependency),
// the README and the licence. `--pack <dir>` also packs it there and prints the tarball's path;
// `--repository <url>` sets the manifest's repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packIfAsked, repositoryOf } from './packing.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const library = join(root, 'libs/status-machine');
const out = join(root, 'dist/packages/status-machine');
const source = JSON.parse(readFileSync(join(library, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(library, 'tsconfig.lib.json')], { stdio: 'inherit' });

const manifest = {
  name: source.name,
  version: source.version,
  description: source.description,
  license: source.license,
  repository: repositoryOf('libs/status-machine'),
  keywords: ['message status', 'delivery receipts', 'sms', 'whatsapp', 'xstate', 'state machine'],
  type: 'module',
  sideEffects: false,
  engines: { node: '>=18' },
  exports: {
    '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'README.md', 'LICENSE'],
  // A peer, so the app's own xstate is the one used: one copy, and the actor types line up.
  // 5.19 is the first release with the pure transition() the lib compiles its table from.
  peerDependencies: { xstate: '^5.19.0' },
};
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(library, 'README.md'), join(out, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(out, 'LICENSE'));

packIfAsked(out);
