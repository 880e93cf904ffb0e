import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'msgstatus-pack-'));
const run = (command: string, args: ReadonlyArray<string>, cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let tarball = '';

describe('@msgstatus/status-machine as published', () => {
  beforeAll(() => {
    tarball = run(process.execPath, ['libs/status-machine/scripts/build-package.mjs', '--pack', work], root).trim().split('\n').at(-1)!;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs ESM, type declarations, README and licence, and nothing of the sources or tests', () => {
    const files = run('tar', ['-tzf', tarball], work).trim().split('\n').sort();
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/LICENSE');
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /test/i.test(file))).toEqual([]);
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], work)) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: '@msgstatus/status-machine', type: 'module', dependencies: { xstate: expect.any(String) } });
    expect(Object.keys(manifest['dependencies'] as object)).toEqual(['xstate']);
    expect(manifest).not.toHaveProperty('devDependencies');
  });

  it('installs into the example app from the tarball, compiles with its types, and decides as documented', () => {
    const app = join(work, 'app');
    cpSync(join(root, 'examples/embed-status-machine'), app, { recursive: true, filter: (path) => !/node_modules|build/.test(path) });
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
    expect(readFileSync(join(app, 'package.json'), 'utf8')).toContain('"@msgstatus/status-machine": "file:');
    run('npm', ['run', 'build'], app);
    const output = run('npm', ['start', '--silent'], app).trim().split('\n');
    expect(output).toEqual([
      'accepted (new) -> sent (version 1)',
      'accepted sent -> delivered (version 2)',
      'stale: sent arrived after delivered (delivered_to_recipient): it happened before',
      'duplicate: delivered (delivered_to_recipient) says nothing new: the message is already delivered (delivered_to_recipient)',
      'accepted delivered -> read (version 3)',
      'actor: "read" after 3 changes; fold: read after 3',
    ]);
  });
});
