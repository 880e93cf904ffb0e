/**
 * The sum of a metric's samples in Prometheus text whose labels include `labels`: enough to read
 * counters back from `/metrics` in the demo and the tests, without a Prometheus server.
 */
export function sampleSum(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const present = new Map([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
    if (Object.entries(labels).every(([label, value]) => present.get(label) === value)) sum += Number(match[3]);
  }
  return sum;
}
