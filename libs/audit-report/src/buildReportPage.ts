import { build } from 'esbuild';
import type { ReportPage } from './reportHtml.js';

/** Browsers of the last three years: gzip's DecompressionStream is the newest thing the page uses. */
export const reportPageTargets = ['chrome113', 'firefox113', 'safari16.4', 'edge113'];

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
    legalComments: 'inline',
    logLevel: 'silent',
  });
  const text = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))?.text ?? '';
  return { script: text('.js'), style: text('.css') };
}
