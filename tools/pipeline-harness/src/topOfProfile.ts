import type { Profiler } from 'node:inspector';

/** A V8 CPU profile's top functions by self time, as a Markdown table: where the time goes. */
export function topOfProfile(profile: Profiler.Profile, top: number): string {
  const interval = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => interval.set(id, (interval.get(id) ?? 0) + (deltas[index] ?? 0)));
  const total = [...interval.values()].reduce((sum, micros) => sum + micros, 0);
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs|tools)\//, '$1/').replace(/^file:\/\//, '');
    const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + (interval.get(node.id) ?? 0));
  }
  const rows = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return ['| self time | function |', '|---|---|', ...rows.map(([name, micros]) => `| ${((micros / total) * 100).toFixed(1)}% | \`${name}\` |`)].join('\n') + '\n';
}
