import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { ReportPage } from './reportHtml.js';

/** Browsers of the last three years: gzip's DecompressionStream is the newest thing the page uses. */
export const reportPageTargets = ['chrome113', 'firefox113', 'safari16.4', 'edge113'];

/** The licence and copyright of every package bundled into the page, as their licences ask of copies. */
function licenceNotice(inputs: ReadonlyArray<string>): string {
  // esbuild names inputs relative to the working directory: a package's folder is the path up to its name.
  const folders = new Map(inputs.flatMap((input) => {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    return match === null ? [] : [[match[2]!, resolve(match[1]!)] as const];
  }));
  const lines = [...folders].sort(([a], [b]) => a.localeCompare(b)).map(([name, folder]) => {
    const { version, license } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string; license: string };
    const copyright = /^Copyright .*$/m.exec(readFileSync(join(folder, 'LICENSE'), 'utf8'))?.[0] ?? '';
    return ` * ${name} ${version}, ${license} licence. ${copyright}`;
  });
  return `/*!\n * The msgstatus audit report page bundles:\n${lines.join('\n')}\n */`;
}

/**
 * Bundles the page (`src/page/main.ts`, its libraries and its style sheet) into one script and one
 * style sheet, minified, to inline into every report.
 */
export async function buildReportPage(): Promise<ReportPage> {
  const result = await build({
    entryPoints: [new URL('./page/main.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: reportPageTargets,
    outdir: 'report-page',
    metafile: true,
    logLevel: 'silent',
  });
  const text = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))?.text ?? '';
  return { script: `${licenceNotice(Object.keys(result.metafile.inputs))}\n${text('.js')}`, style: text('.css') };
}
