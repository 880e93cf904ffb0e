/**
 * `npm run check:links` (in `npm test`): every link of every Markdown file git knows leads to
 * something in the repository: no URL, no path outside the clone, no missing file or anchor.
 */
import { execFileSync } from 'node:child_process';
import { brokenLinks } from './markdownLinks.js';

const root = new URL('../../../', import.meta.url).pathname;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '');
const broken = brokenLinks(root, files);
for (const link of broken) console.error(`${link.file}:${link.line}: ${link.target}: ${link.problem}`);
if (broken.length > 0) process.exit(1);
console.log(`links lead inside the repository: ${files.length} Markdown files checked`);
