import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Both packages as users get them: built and packed by `npm run pack`'s scripts, installed with
// `npm install <tarball>` into folders outside the workspace, and run there.
const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'msgstatus-pack-'));
const sample = join(root, 'apps/cli/samples/provider-events.ndjson');
const run = (command: string, args: ReadonlyArray<string>, cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const install = (folder: string, ...specs: string[]) => run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], folder);
// Packing takes a while on a slow machine: done without blocking the test worker (vitest's own calls wait on it).
const pack = async (script: string) => (await promisify(execFile)(process.execPath, [script, '--pack', work], { cwd: root, encoding: 'utf8' })).stdout.trim().split('\n').at(-1)!;
const filesOf = (tarball: string) => run('tar', ['-tzf', tarball], work).trim().split('\n').sort();
const manifestOf = (tarball: string) => JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], work)) as Record<string, unknown>;
const fullMetadata = {
  version: expect.stringMatching(/^\d+\.\d+\.\d+/),
  description: expect.any(String),
  license: 'MIT',
  repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/), directory: expect.any(String) },
  engines: { node: expect.any(String) },
  type: 'module',
};
let machineTarball = '';
let cliTarball = '';

beforeAll(async () => {
  machineTarball = await pack('tools/packaging/buildMachinePackage.mjs');
  cliTarball = await pack('tools/packaging/buildCliPackage.mjs');
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('@msgstatus/status-machine as published', () => {
  it('packs ESM, type declarations, README and licence with full metadata, xstate a peer', () => {
    const files = filesOf(machineTarball);
    expect(files).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md', 'package/LICENSE', 'package/package.json']));
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /test/i.test(file))).toEqual([]);
    const manifest = manifestOf(machineTarball);
    expect(manifest).toMatchObject({ ...fullMetadata, name: '@msgstatus/status-machine', types: './dist/index.d.ts', peerDependencies: { xstate: '^5.19.0' } });
    expect(manifest['exports']).toMatchObject({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
    expect(manifest).not.toHaveProperty('dependencies');
    expect(manifest).not.toHaveProperty('devDependencies');
  });

  it('installs into a TypeScript app, compiles with its types, and decides as documented', () => {
    const app = join(work, 'ts-app');
    cpSync(join(root, 'examples/embed-status-machine'), app, { recursive: true, filter: (path) => !/node_modules|build/.test(path) });
    install(app, machineTarball);
    expect(readFileSync(join(app, 'package.json'), 'utf8')).toContain('"@msgstatus/status-machine": "file:');
    run('npm', ['run', 'build'], app);
    expect(run('npm', ['start', '--silent'], app).trim().split('\n')).toEqual([
      'accepted (new) -> sent (version 1)',
      'accepted sent -> delivered (version 2)',
      'stale: sent arrived after delivered (delivered_to_recipient): it happened before',
      'duplicate: delivered (delivered_to_recipient) says nothing new: the message is already delivered (delivered_to_recipient)',
      'accepted delivered -> read (version 3)',
      'actor: "read" after 3 changes; fold: read after 3, final: last-state',
    ]);
  });

  it('installs into a plain-JS app on the oldest xstate it supports, with one copy of xstate, and refuses bad input by type', () => {
    const app = join(work, 'js-app');
    cpSync(join(root, 'examples/embed-status-machine-js'), app, { recursive: true, filter: (path) => !/node_modules/.test(path) });
    install(app, machineTarball);
    expect(run('npm', ['start', '--silent'], app).trim().split('\n')).toEqual([
      'accepted: sent (version 1)',
      'refused (unknown-state): observation.state is "DELIVERED": one of queued, sent, delivered, read, rejected, undelivered, failed',
      'refused (bad-attempt): observation.attempt is "2": null or a whole number from 1',
      'accepted: delivered (version 2)',
      'refused (missing-channel): observation.channel is missing: a channel name, or null when unknown',
      'decide threw StatusInputError bad-attempt',
      'actor: {"delivered":"unspecified"}',
    ]);
    const tree = JSON.parse(run('npm', ['ls', 'xstate', '--all', '--json'], app)) as { dependencies: Record<string, { version: string; dependencies?: Record<string, { version: string }> }> };
    expect(tree.dependencies['xstate']!.version).toBe('5.19.0');
    expect(tree.dependencies['@msgstatus/status-machine']!.dependencies?.['xstate']?.version ?? '5.19.0').toBe('5.19.0');
    expect(readdirSync(join(app, 'node_modules/@msgstatus/status-machine'))).not.toContain('node_modules');
  });
});

describe('msgstatus, the CLI, as published', () => {
  const cliFolder = join(work, 'cli');
  const msgstatus = (args: string[], bin = join(cliFolder, 'node_modules/.bin/msgstatus')) => spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });

  beforeAll(() => {
    mkdirSync(cliFolder, { recursive: true });
    install(cliFolder, cliTarball);
  }, 120_000);

  it('packs bundled JavaScript with full metadata and no dependencies: Node is all it needs', () => {
    const files = filesOf(cliTarball);
    expect(files).toEqual(expect.arrayContaining(['package/dist/msgstatus.mjs', 'package/README.md', 'package/LICENSE', 'package/samples/provider-events.ndjson']));
    expect(files.filter((file) => /\.ts$/.test(file))).toEqual([]);
    const manifest = manifestOf(cliTarball);
    expect(manifest).toMatchObject({ ...fullMetadata, name: 'msgstatus', bin: { msgstatus: './dist/msgstatus.mjs' } });
    expect(manifest).not.toHaveProperty('dependencies');
    expect(readdirSync(join(cliFolder, 'node_modules'))).toEqual(['.bin', '.package-lock.json', 'msgstatus']);
  });

  it('replays the sample to the same bytes as the workspace CLI, and says its version', () => {
    const installed = msgstatus(['replay', sample]);
    const workspace = spawnSync(process.execPath, [join(root, 'apps/cli/bin/msgstatus.mjs'), 'replay', sample], { encoding: 'utf8' });
    expect(installed.status).toBe(0);
    expect(installed.stdout.split('\n').length).toBeGreaterThan(20);
    expect(installed.stdout).toBe(workspace.stdout);
    expect(installed.stderr).toBe(workspace.stderr);
    const { version } = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as { version: string };
    expect(msgstatus(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(msgstatus(['replay', join(cliFolder, 'node_modules/msgstatus/samples/provider-events.ndjson')]).stdout).toBe(workspace.stdout);
  });

  it('replays a long input on ingestion workers, started through its bin link, to the same bytes as on one thread', async () => {
    // Workers start past 20,000 lines; each line here names its own message, so the output grows with the input.
    const long = join(work, 'long.ndjson');
    const [first] = readFileSync(sample, 'utf8').split('\n');
    const lines = Array.from({ length: 24_000 }, (_, index) => first!.replace('0fa4c0a1-5b8e-4f06-9e3a-2a6f1b1e7c11', `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`));
    writeFileSync(long, `${lines.join('\n')}\n`);
    const bin = join(cliFolder, 'node_modules/.bin/msgstatus');
    const replayed = (workers: string) => promisify(execFile)(bin, ['replay', long, '--workers', workers], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const [alone, withWorkers] = await Promise.all([replayed('0'), replayed('1')]);
    expect(alone.stdout.split('\n')).toHaveLength(24_001);
    expect(withWorkers.stdout).toBe(alone.stdout);
    expect(withWorkers.stderr).toBe(alone.stderr);
  }, 60_000);

  it('writes the same audit report as the workspace CLI, page and all, with nothing else installed', () => {
    const installedPage = join(work, 'installed-report.html');
    const workspacePage = join(work, 'workspace-report.html');
    expect(msgstatus(['report', sample, '--out', installedPage])).toMatchObject({ status: 0, stdout: '' });
    spawnSync(process.execPath, [join(root, 'apps/cli/bin/msgstatus.mjs'), 'report', sample, '--out', workspacePage], { encoding: 'utf8' });
    expect(readFileSync(installedPage, 'utf8')).toContain('<script type="application/json" id="msgstatus-summary">');
    expect(readFileSync(installedPage)).toEqual(readFileSync(workspacePage));
  });

  it('loads Kafka code only for the Kafka commands: without it, every other command still runs', () => {
    const copy = join(work, 'cli-without-kafka');
    cpSync(join(cliFolder, 'node_modules/msgstatus'), copy, { recursive: true });
    const chunks = join(copy, 'dist/chunks');
    const kafkaChunk = readdirSync(chunks).find((file) => file.startsWith('kafkaCommands-'));
    expect(kafkaChunk).toBeDefined();
    expect(readFileSync(join(chunks, kafkaChunk!), 'utf8')).toContain('KafkaJS');
    // The rest of the bundle does not carry kafkajs at all.
    for (const file of readdirSync(chunks).filter((name) => name !== kafkaChunk)) expect(readFileSync(join(chunks, file), 'utf8')).not.toContain('KafkaJS');
    renameSync(join(chunks, kafkaChunk!), join(chunks, `${kafkaChunk}.gone`));
    const bin = join(copy, 'dist/msgstatus.mjs');
    const node = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
    expect(node(['replay', sample])).toMatchObject({ status: 0, stdout: msgstatus(['replay', sample]).stdout });
    expect(node(['timeline', 'chuanglan:356139161272397824', sample]).status).toBe(0);
    expect(node(['report', sample, '--out', join(work, 'without-kafka.html')]).status).toBe(0);
    expect(node(['--version']).status).toBe(0);
    expect(node(['publish', sample])).toMatchObject({ status: 1, stderr: expect.stringContaining('kafkaCommands') });
  });
});
