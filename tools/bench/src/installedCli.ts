import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

/**
 * `msgstatus` as users get it: built and packed by `npm run pack`'s script, installed with
 * `npm install <tarball>` into an empty folder. Returns the installed executable.
 */
export function installCli(): string {
  const folder = mkdtempSync(join(tmpdir(), 'msgstatus-bench-cli-'));
  const tarball = execFileSync(process.execPath, ['tools/packaging/buildCliPackage.mjs', '--pack', folder], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: folder, stdio: 'ignore' });
  return join(folder, 'node_modules/.bin/msgstatus');
}
