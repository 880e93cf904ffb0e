import type { Profiler } from 'node:inspector';

/** Each profile node's self time (µs, by node id) and their sum. */
function selfTimes(profile: Profiler.Profile): { readonly interval: ReadonlyMap<number, number>; readonly total: number } {
  const interval = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, index) => interval.set(id, (interval.get(id) ?? 0) + (deltas[index] ?? 0)));
  return { interval, total: [...interval.values()].reduce((sum, micros) => sum + micros, 0) };
}

/** A V8 CPU profile's top functions by self time, as a Markdown table: where the time goes. */
export function topOfProfile(profile: Profiler.Profile, top: number): string {
  const { interval, total } = selfTimes(profile);
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

/**
 * Whose code a profile node runs, by its script: a package, ours, Node's, or V8's own work. V8's
 * built-ins (`JSON.parse`, `JSON.stringify`) count as their caller's: the profile puts them there.
 */
export function ownerOf(callFrame: { readonly functionName: string; readonly url: string }): string {
  const { functionName, url } = callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return 'idle (waiting for IO)';
    return 'native code (hashing, buffers, sockets, module loading)';
  }
  if (url.startsWith('node:')) return 'Node (node:*)';
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (packageName !== undefined) return packageName.startsWith('@effect/') ? 'effect' : packageName;
  if (/\/(apps|libs)\//.test(url)) return 'msgstatus (apps, libs)';
  if (url.includes('/tools/')) return 'msgstatus (tools)';
  return 'other';
}

/** A V8 CPU profile's self time by owner (`ownerOf`), as a Markdown table, largest first. */
export function ownersOfProfile(profile: Profiler.Profile): string {
  const { interval, total } = selfTimes(profile);
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const owner = ownerOf(node.callFrame);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + (interval.get(node.id) ?? 0));
  }
  const rows = [...byOwner.entries()].filter(([, micros]) => micros > 0).sort((a, b) => b[1] - a[1]);
  return ['| self time | owner |', '|---|---|', ...rows.map(([owner, micros]) => `| ${((micros / total) * 100).toFixed(1)}% | ${owner} |`)].join('\n') + '\n';
}
