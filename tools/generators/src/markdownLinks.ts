import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** A link of a Markdown file that does not lead to something in the repository. */
export interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

/** Markdown with code taken out (fenced blocks, inline code): links in code are text, not links. */
function withoutCode(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens; repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutCode(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '');
    const base = text.trim().toLowerCase().replace(/[^\p{L}\p{N}\- ]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id!);
  return anchors;
}

/** Every link target of a Markdown text, with its line: inline links, images and reference definitions. */
export function linksOf(markdown: string): Array<{ target: string; line: number }> {
  const text = withoutCode(markdown);
  const links: Array<{ target: string; line: number }> = [];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: match[1]!, line: lineAt(match.index) });
  for (const match of text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) links.push({ target: match[1]!, line: lineAt(match.index) });
  for (const match of text.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) links.push({ target: match[1]!, line: lineAt(match.index) });
  for (const match of text.matchAll(/<((?:https?|ftp|mailto):[^>\s]+)>/g)) links.push({ target: match[1]!, line: lineAt(match.index) });
  return links;
}

/**
 * The links of `files` (paths relative to `root`) that point outside the repository (any URL with a
 * scheme, or a path that leaves `root`), to a file that does not exist, or to an anchor that no
 * heading of the target makes. Everything a reader needs must be in the clone.
 */
export function brokenLinks(root: string, files: ReadonlyArray<string>): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const markdown = readFileSync(join(root, file), 'utf8');
    for (const { target, line } of linksOf(markdown)) {
      const report = (problem: string) => broken.push({ file, line, target, problem });
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
        report('points outside the repository');
        continue;
      }
      const [path, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = path === '' ? join(root, file) : normalize(join(root, dirname(file), decodeURIComponent(path)));
      const inside = relative(root, resolved);
      if (inside.startsWith(`..${sep}`) || inside === '..') {
        report('points outside the repository');
        continue;
      }
      if (!existsSync(resolved)) {
        report('no such file');
        continue;
      }
      if (anchor !== undefined && anchor !== '') {
        if (!resolved.endsWith('.md') || statSync(resolved).isDirectory()) report('an anchor into something that is not Markdown');
        else if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) report(`no heading makes the anchor #${anchor}`);
      }
    }
  }
  return broken;
}
