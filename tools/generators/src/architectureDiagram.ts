import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProjectGraph {
  readonly nodes: Record<string, { readonly data: { readonly root: string; readonly tags?: ReadonlyArray<string> } }>;
  readonly dependencies: Record<string, ReadonlyArray<{ readonly source: string; readonly target: string }>>;
}

const root = new URL('../../../', import.meta.url).pathname;

/** The workspace's project graph as Nx computes it from the code's imports (`nx graph --file`). */
export function projectGraph(): ProjectGraph {
  const folder = mkdtempSync(join(tmpdir(), 'msgstatus-graph-'));
  try {
    execFileSync('npx', ['--no-install', 'nx', 'graph', `--file=${join(folder, 'graph.json')}`], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
    return (JSON.parse(readFileSync(join(folder, 'graph.json'), 'utf8')) as { graph: ProjectGraph }).graph;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The layers, top to bottom, by `type:` tag; tools are left out (they may use anything). */
const layers: ReadonlyArray<[string, ReadonlyArray<string>]> = [
  ['apps', ['type:app']],
  ['adapters: Kafka stages, gateway, poller, replay', ['type:pipeline', 'type:gateway', 'type:poller', 'type:feature']],
  ['the pure core', ['type:domain']],
  ['providers', ['type:registry', 'type:provider']],
  ['the contract', ['type:canonical']],
  ['the machine', ['type:machine']],
  ['infrastructure', ['type:kafka', 'type:runtime']],
];

const idOf = (name: string) => name.replace(/^@msgstatus\//, '').replace(/\W/g, '_');
/** The five provider libs are one box: they look alike and depend alike. */
const boxOf = (name: string, tags: ReadonlyArray<string>) => (tags.includes('type:provider') ? 'providers' : idOf(name));

/** A Mermaid picture of the workspace's layering, from its project graph. */
export function architectureDiagram(graph: ProjectGraph = projectGraph()): string {
  const tagsOf = (name: string) => graph.nodes[name]?.data.tags ?? [];
  const lines = ['```mermaid', 'flowchart TB'];
  const drawn = new Set<string>();
  for (const [title, types] of layers) {
    const members = Object.keys(graph.nodes)
      .filter((name) => types.some((type) => tagsOf(name).includes(type)))
      .sort();
    if (members.length === 0) continue;
    lines.push(`  subgraph layer_${title.replace(/\W+/g, '_')} ["${title}"]`);
    for (const name of members) {
      const box = boxOf(name, tagsOf(name));
      if (drawn.has(box)) continue;
      drawn.add(box);
      const label = box === 'providers' ? `libs/providers/* (${members.filter((member) => tagsOf(member).includes('type:provider')).length})` : graph.nodes[name]!.data.root;
      lines.push(`    ${box}["${label}"]`);
    }
    lines.push('  end');
  }
  const edges = new Set<string>();
  for (const [source, dependencies] of Object.entries(graph.dependencies)) {
    if (!drawn.has(boxOf(source, tagsOf(source)))) continue;
    for (const { target } of dependencies) {
      const [from, to] = [boxOf(source, tagsOf(source)), boxOf(target, tagsOf(target))];
      if (from !== to && drawn.has(to)) edges.add(`  ${from} --> ${to}`);
    }
  }
  lines.push(...[...edges].sort(), '```');
  return lines.join('\n');
}
