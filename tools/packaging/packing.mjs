// What the packages' build scripts share: the options every one of them takes, and `npm pack`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const workspace = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const option = (name) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? null) : undefined;
};

/**
 * The manifest's `repository`: `--repository <url>` (the release workflow's own, which npm
 * provenance checks against), else the workspace's field; `directory` is the package's folder.
 */
export const repositoryOf = (directory) => ({ type: 'git', url: option('repository') ?? workspace.repository.url, directory });

/** The workspace's Node versions, for the packages' `engines`. */
export const workspaceEngines = workspace.engines;

/** With `--pack <dir>`: packs the built folder there with `npm pack` and prints the tarball's path. */
export function packIfAsked(out) {
  const destination = option('pack');
  if (destination === undefined) return;
  const folder = resolve(destination ?? out);
  mkdirSync(folder, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: out, encoding: 'utf8' }));
  process.stdout.write(`${join(folder, packed.filename)}\n`);
}
