import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, measureParsing, measureReportPage, type PageFigures } from '@msgstatus/audit-report/testing';

export interface AuditReportFigures {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly bytes: number;
  readonly events: number;
  readonly messages: number;
  /** Medians of 3 page loads each; null when no Chromium is installed. */
  readonly pages: { readonly large: PageFigures; readonly small: PageFigures; readonly inert: number } | null;
  readonly skipped?: string;
}

/** Runs `bin report` under /usr/bin/time: wall time and peak RSS. */
async function timedReport(bin: string, input: string, out: string): Promise<{ seconds: number; peakRssMb: number }> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', bin, 'report', input, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`msgstatus report failed: ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMb: Number(stderr.trim().split('\n').pop()) / 1024 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function medianFigures(runs: PageFigures[]): PageFigures {
  const of = (key: keyof PageFigures) => median(runs.map((run) => run[key]));
  return { firstRenderMs: of('firstRenderMs'), firstContentfulPaintMs: of('firstContentfulPaintMs'), searchReadyMs: of('searchReadyMs'), heapMb: of('heapMb'), rendererRssMb: of('rendererRssMb'), openMessageMs: of('openMessageMs') };
}

/**
 * The audit report of the bench's raw events: writing it (against replay of the same file, in the
 * caller), its size, and in headless Chromium the time to first render, to search, to open a
 * message and the page's heap, beside the sample's report and beside Chromium parsing the same
 * bytes with the page's code switched off (what any page of that size costs).
 */
export async function auditReportFigures(bin: string, input: string, sample: string, folder: string): Promise<AuditReportFigures> {
  const large = join(folder, 'report.html');
  const small = join(folder, 'sample.html');
  const written = await timedReport(bin, input, large);
  await timedReport(bin, sample, small);
  const text = readFileSync(large, 'utf8');
  const summary = JSON.parse(/id="msgstatus-summary">(.*?)<\/script>/.exec(text)![1]!) as { events: number; messages: number };
  const inertFile = join(folder, 'inert.html');
  writeFileSync(inertFile, text.replace('</script>\n<script>', '</script>\n<script type="text/plain">'));
  const figures = { ...written, bytes: statSync(large).size, events: summary.events, messages: summary.messages };
  let browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    return { ...figures, pages: null, skipped: (error as Error).message };
  }
  try {
    const runs = { large: [] as PageFigures[], small: [] as PageFigures[], inert: [] as number[] };
    for (let run = 0; run < 3; run++) {
      runs.large.push(await measureReportPage(browser, large));
      runs.small.push(await measureReportPage(browser, small));
      runs.inert.push(await measureParsing(browser, inertFile));
    }
    return { ...figures, pages: { large: medianFigures(runs.large), small: medianFigures(runs.small), inert: median(runs.inert) } };
  } finally {
    await browser.close();
  }
}
