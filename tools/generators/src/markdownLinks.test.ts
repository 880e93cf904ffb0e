import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLinks } from './markdownLinks.js';

/** A repository of the given files, in a fresh folder. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'msgstatus-links-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const problems = (files: Record<string, string>) =>
  brokenLinks(repository(files), Object.keys(files).filter((file) => file.endsWith('.md'))).map((link) => `${link.file}:${link.line} ${link.target}: ${link.problem}`);

describe('brokenLinks', () => {
  it('passes links to files, folders and headings inside the repository', () => {
    expect(
      problems({
        'README.md': '# Top\n\nSee [the guide](docs/guide.md#reading-committed), [code](src/a.ts), [src](src) and [top](#top).\n',
        'docs/guide.md': '# Guide\n\n## Reading committed\n\nBack [home](../README.md).\n',
        'src/a.ts': 'export {};\n',
      }),
    ).toEqual([]);
  });

  it('fails a link that points outside the repository: a URL or a path out of the clone', () => {
    expect(problems({ 'README.md': 'The [brief](../shared/CANONICAL.md)\nand [docs](https://example.org/x).\n' })).toEqual([
      'README.md:1 ../shared/CANONICAL.md: points outside the repository',
      'README.md:2 https://example.org/x: points outside the repository',
    ]);
  });

  it('fails a missing file and a missing anchor', () => {
    expect(problems({ 'README.md': '[a](docs/none.md) [b](other.md#nowhere)\n', 'other.md': '# Somewhere\n' })).toEqual([
      'README.md:1 docs/none.md: no such file',
      'README.md:1 other.md#nowhere: no heading makes the anchor #nowhere',
    ]);
  });

  it('reads reference definitions and HTML links too, and ignores links inside code', () => {
    const text = '[ref]: https://example.org\n<a href="missing.md">x</a>\n\n```md\n[in code](nowhere.md)\n```\n`[inline](nowhere.md)`\n';
    expect(problems({ 'README.md': text })).toEqual([
      'README.md:1 https://example.org: points outside the repository',
      'README.md:2 missing.md: no such file',
    ]);
  });
});

describe('anchorsOf', () => {
  it("makes GitHub's anchors: lower case, punctuation dropped, repeats numbered", () => {
    expect([...anchorsOf('# 1. Raw events\n## Read committed: required\n## Notes\n## Notes\n')]).toEqual([
      '1-raw-events',
      'read-committed-required',
      'notes',
      'notes-1',
    ]);
  });
});
