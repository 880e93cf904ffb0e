import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as lib from './index.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../README.md');

/** Every name the entry module exports, values and types, from its export statements. */
const exportedNames = [...read('./index.ts').matchAll(/export (?:type )?\{([^}]+)\}/g)].flatMap(([, names]) => names!.split(',').map((name) => name.trim()).filter(Boolean));

describe("the package's README", () => {
  it('lists every export of the package by name', () => {
    expect(exportedNames.length).toBeGreaterThan(30);
    for (const name of Object.keys(lib)) expect(exportedNames).toContain(name);
    const missing = exportedNames.filter((name) => !readme.includes(`\`${name}`) && !readme.includes(` ${name},`) && !readme.includes(` ${name}\``));
    expect(missing).toEqual([]);
  });

  it('gives the state size per message the main README gives', () => {
    const here = /about (\d+) bytes/.exec(readme)?.[1];
    const main = /state kept per message \| \*\*(\d+) bytes\*\*/.exec(read('../../../README.md'))?.[1];
    expect(here).toBeDefined();
    expect(here).toBe(main);
  });
});
